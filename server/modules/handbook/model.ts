import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose'

const chapterSchema = new Schema(
  {
    campaignId: { type: Schema.Types.ObjectId, required: true },
    key: { type: String, required: true },
    title: { type: String, required: true },
    summary: { type: String, default: '' },
    order: { type: Number, default: 0 },
    /** Required chapters count towards read-through (阅读完成) like required articles. */
    required: { type: Boolean, default: false },
    readingSeconds: { type: Number, default: 0 },
  },
  { timestamps: true },
)
chapterSchema.index({ campaignId: 1, key: 1 }, { unique: true })

const optionSchema = new Schema({ id: { type: String, required: true }, text: { type: String, required: true } }, { _id: false })

const questionSchema = new Schema(
  {
    campaignId: { type: Schema.Types.ObjectId, required: true },
    chapterId: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, enum: ['single', 'multiple', 'truefalse'], required: true },
    stem: { type: String, required: true },
    /** Options carry stable ids, so shuffled papers map answers back by id, not position. */
    options: { type: [optionSchema], required: true },
    answer: { type: [String], required: true },
    explanation: { type: String, required: true },
    basis: { type: String, required: true },
    difficulty: { type: Number, min: 1, max: 3, default: 2 },
    tags: { type: [String], default: [] },
    order: { type: Number, default: 0 },
    /** Retired questions (active false) leave every draw but keep their answer history. */
    active: { type: Boolean, default: true },
    /** Key of the shipped seed question this is (stable across rewordings); absent for imported questions. */
    seedKey: { type: String },
  },
  { timestamps: true },
)
questionSchema.index({ campaignId: 1, stem: 1 }, { unique: true })
// Not unique: the embedded engine has no partial indexes, and imported questions have no key. The seeder keeps keys unique.
questionSchema.index({ campaignId: 1, seedKey: 1 })
questionSchema.index({ chapterId: 1, order: 1 })

export type ChapterDoc = InferSchemaType<typeof chapterSchema> & { _id: Types.ObjectId }
export type QuestionDoc = InferSchemaType<typeof questionSchema> & { _id: Types.ObjectId }
export const Chapter = mongoose.model('Chapter', chapterSchema)
export const Question = mongoose.model('Question', questionSchema)
