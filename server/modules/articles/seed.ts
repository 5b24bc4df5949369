import { Article } from './model'
import { renderArticleBody, plainText } from './render'
import { estimateReadingSeconds } from '../progress/service'
import { User } from '../users/model'
import type { Seeder } from '../../seed'

/** Three starter articles for the first campaign, written for students. Idempotent by title. */
const ARTICLES = [
  {
    title: '扫黑除恶进入常态化：我们身边的平安校园',
    summary: '专项斗争结束了吗？为什么还要常态化开展？一文读懂。',
    required: true,
    tags: ['常态化'],
    bodyMarkdown: `2018 年起，全国开展了为期三年的扫黑除恶专项斗争。专项斗争结束后，扫黑除恶转入**常态化**，2022 年 5 月 1 日起施行的《中华人民共和国反有组织犯罪法》把行之有效的做法写进了法律。

## 学院怎么做

- 学院成立扫黑除恶工作领导小组，办公室设在保卫处；
- 各处室、二级学院负责人是本部门的第一责任人；
- 线索摸排实行“月报告”制度，发现问题及时上报、移交。

## 同学们可以做什么

认真学习《专项斗争知识问答》，了解黑恶势力的常见表现；遇到可疑情况，通过本小程序的“举报”入口匿名反映，保卫处严格保密。`,
  },
  {
    title: '警惕“校园贷”和“套路贷”：五个危险信号',
    summary: '低门槛、零利息、先交“服务费”……这些话术背后可能是陷阱。',
    required: true,
    tags: ['校园贷', '套路贷'],
    bodyMarkdown: `不法分子常以“低息”“无抵押”“秒到账”为诱饵，诱骗学生借款，再通过虚增借款金额、制造银行流水、故意制造违约等手段不断抬高债务，最后以软硬兼施的方式催收。

## 五个危险信号

1. 借款合同金额大于实际到手金额；
2. 要求先交“服务费”“保证金”；
3. 要求提供通讯录、裸照等隐私信息；
4. 逾期费用高得离谱、按天翻倍；
5. 催收时骚扰家人同学、威胁恐吓。

遇到以上情况，不要继续借新还旧，保留证据，及时向辅导员、保卫处或公安机关求助。`,
  },
  {
    title: '什么是“软暴力”？不动手也可能构成犯罪',
    summary: '跟踪、滋扰、聚众造势、网络骚扰……认清软暴力的常见形式。',
    required: false,
    tags: ['软暴力'],
    bodyMarkdown: `“软暴力”是指为谋取不法利益或形成非法影响，对他人进行滋扰、纠缠、哄闹、聚众造势等，足以使他人产生心理恐惧或者形成心理强制的违法犯罪手段。

常见形式包括：跟踪贴靠、堵门堵路、在网络上散布隐私或恐吓信息、以“讨债”为名长期纠缠等。实施软暴力，可能构成寻衅滋事、敲诈勒索、强迫交易等犯罪。

如果你或身边的人遭遇类似情况，请及时报警，也可以通过本小程序向保卫处反映。`,
  },
]

export const articleSeeder: Seeder = {
  name: 'articles',
  async run({ campaignId }) {
    const author = await User.findOne({ username: 'admin' }, { _id: 1 }).lean()
    if (!author) return
    for (const [i, a] of ARTICLES.entries()) {
      if (await Article.exists({ campaignId, title: a.title })) continue
      const bodyHtml = renderArticleBody(a.bodyMarkdown)
      const publishedAt = new Date(Date.UTC(2026, 8, 1 + i, 1))
      await Article.create({ ...a, campaignId, bodyHtml, readingSeconds: estimateReadingSeconds(plainText(bodyHtml), 400), status: 'published', publishedAt, authorId: author._id })
    }
  },
}
