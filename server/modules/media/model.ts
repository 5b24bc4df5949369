import mongoose, { Schema } from 'mongoose'

/** Public images for articles (covers, inline pictures), re-encoded without metadata. */
const mediaSchema = new Schema(
  {
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    width: Number,
    height: Number,
    data: { type: Buffer, required: true },
    uploadedBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true, versionKey: false },
)

export const Media = mongoose.model('Media', mediaSchema, 'media')
