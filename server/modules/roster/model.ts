import mongoose, { Schema } from 'mongoose'

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
    /**
     * Roster membership for reports of past months (see metrics/definitions.ts onRosterAt):
     * when an import added or re-added the person, and when a complete import marked them
     * as left. Absent on entries created otherwise (treated as always on the roster /
     * left long ago).
     */
    joinedAt: { type: Date },
    leftAt: { type: Date },
  },
  { timestamps: true },
)
personSchema.index({ number: 1 }, { unique: true })
personSchema.index({ departmentId: 1, active: 1 })

export const Person = mongoose.model('Person', personSchema)
