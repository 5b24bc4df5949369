import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose'

const departmentSchema = new Schema(
  {
    code: { type: String, required: true, maxlength: 32 },
    name: { type: String, required: true, maxlength: 64 },
    /** 二级学院 (college) or 处室 (office). */
    kind: { type: String, enum: ['college', 'office'], required: true },
    order: { type: Number, default: 0 },
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
)
departmentSchema.index({ code: 1 }, { unique: true })
departmentSchema.index({ name: 1 }, { unique: true })

export type DepartmentDoc = InferSchemaType<typeof departmentSchema> & { _id: Types.ObjectId }
export const Department = mongoose.model('Department', departmentSchema)
