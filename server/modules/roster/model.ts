import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose'

/** One person of the audience roster: the denominator of every rate. */
const personSchema = new Schema(
  {
    number: { type: String, required: true, maxlength: 32 },
    name: { type: String, required: true, maxlength: 64 },
    type: { type: String, enum: ['student', 'staff'], required: true },
    departmentId: { type: Schema.Types.ObjectId, ref: 'Department', required: true },
    className: { type: String, default: null, maxlength: 64 },
    /** People who left stay for history but drop out of denominators. */
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
)
personSchema.index({ number: 1 }, { unique: true })
personSchema.index({ departmentId: 1, active: 1 })

export type PersonDoc = InferSchemaType<typeof personSchema> & { _id: Types.ObjectId }
export const Person = mongoose.model('Person', personSchema)
