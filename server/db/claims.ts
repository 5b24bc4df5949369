import mongoose, { Schema } from 'mongoose'
import { isDuplicateKeyError } from '../errors'

/**
 * Exactly-once claims for what spans more than one write (a single-document update is
 * atomic on MongoDB and, through its proxy, on the embedded database). Inserting a
 * document with a unique _id is atomic everywhere, so a step that must happen once across
 * concurrent requests or server instances — a job run, a daily reminder — claims a key
 * here first, unless it can hang off one conditional update (completing an item flips its
 * `completed` flag).
 */
const claimSchema = new Schema({ _id: String, at: { type: Date, required: true }, owner: String }, { versionKey: false })
export const Claim = mongoose.model('Claim', claimSchema, 'claims')

export async function claimOnce(key: string, at: Date, owner?: string): Promise<boolean> {
  try {
    await Claim.create({ _id: key, at, owner })
    return true
  } catch (err) {
    if (isDuplicateKeyError(err)) return false
    throw err
  }
}
