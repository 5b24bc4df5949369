/** The admin article answers, as the contract defines them (type-only). */
export type { AdminArticleOut as AdminArticle, AdminArticleDetailOut as AdminArticleDetail } from '@contract/articles'
