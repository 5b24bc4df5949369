import mongoose, { Schema } from 'mongoose'

/**
 * What the demo seed created (one document, `_id: 'demo'`): removal deletes exactly these
 * and the rows hanging off them, never anything found by a guess. Kept after removal with
 * `removedAt`, so an emptied database is not seeded again on the next start.
 */
const demoManifestSchema = new Schema(
  {
    _id: { type: String },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    personIds: { type: [Schema.Types.ObjectId], default: [] },
    /** Demo readers and the demo admin accounts. */
    userIds: { type: [Schema.Types.ObjectId], default: [] },
    accountIds: { type: [Schema.Types.ObjectId], default: [] },
    seed: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    /** Set while the seed is being written; a crash leaves it for removal to clean up. */
    complete: { type: Boolean, default: false },
    removedAt: { type: Date, default: null },
  },
  { versionKey: false },
)
export const DemoManifest = mongoose.model('DemoManifest', demoManifestSchema, 'demo_manifest')
export const DEMO_MANIFEST_ID = 'demo'
