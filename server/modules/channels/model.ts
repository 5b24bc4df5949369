import mongoose, { Schema } from 'mongoose'
import { CHANNELS } from './channels'

/**
 * How a reader first arrived at an item: one record per reader and item, written when the
 * item is first opened (the first arrival wins), kept next to item_progress rather than in
 * it so the heartbeat path stays as it is. `completed` follows the reader's progress (set by
 * the completion listener, or at arrival when the item was already completed).
 */
const itemArrivalSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    itemKey: { type: String, required: true },
    departmentId: { type: Schema.Types.ObjectId, default: null },
    channel: { type: String, enum: CHANNELS, required: true },
    /** WeChat's scene number when the app was opened (null in H5). */
    scene: { type: Number, default: null },
    at: { type: Date, required: true },
    completed: { type: Boolean, default: false },
  },
  { versionKey: false },
)
itemArrivalSchema.index({ userId: 1, itemKey: 1 }, { unique: true })
itemArrivalSchema.index({ campaignId: 1, channel: 1 })

export const ItemArrival = mongoose.model('ItemArrival', itemArrivalSchema, 'item_arrivals')
