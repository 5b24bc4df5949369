import type { Types } from 'mongoose'
import { Article } from '../server/modules/articles/model'

/** The campaign's items for a benchmark: published articles, the first five required, as an admin would publish them. */
export async function insertPublishedArticles(campaignId: Types.ObjectId, authorId: Types.ObjectId, at: Date, count: number, titlePrefix: string) {
  return Article.insertMany(
    Array.from({ length: count }, (_, i) => ({
      campaignId,
      title: `${titlePrefix}${i}`,
      bodyHtml: '<p>x</p>',
      readingSeconds: 120,
      required: i < 5,
      status: 'published',
      publishedAt: at,
      authorId,
    })),
  )
}
