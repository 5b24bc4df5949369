import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { docToMarkdown, type DocNode } from '../../console/src/pages/articles/markdown'
import { renderArticleBody } from '../../server/modules/articles/render'

const p = (...content: DocNode[]): DocNode => ({ type: 'paragraph', content })
const t = (text: string, ...marks: string[]): DocNode => ({ type: 'text', text, ...(marks.length ? { marks: marks.map((type) => ({ type })) } : {}) })
const doc = (...content: DocNode[]): DocNode => ({ type: 'doc', content })
/** What readers get: the editor's document through our Markdown and the server's renderer. */
const rendered = (d: DocNode) => renderArticleBody(docToMarkdown(d)).replace(/\n/g, '')

describe('the rich-text editor document as stored Markdown', () => {
  test('headings, paragraphs, emphasis, lists, quotes and rules render as the editor showed them', () => {
    const d = doc(
      { type: 'heading', attrs: { level: 2 }, content: [t('认清套路贷')] },
      p(t('不法分子以'), t('“低息”', 'bold'), t('为诱饵，'), t('层层加码', 'italic'), t('。')),
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [p(t('不轻信'))] },
          { type: 'listItem', content: [p(t('不签空白合同'))] },
        ],
      },
      {
        type: 'orderedList',
        attrs: { start: 1 },
        content: [
          { type: 'listItem', content: [p(t('报警'))] },
          { type: 'listItem', content: [p(t('告诉辅导员'))] },
        ],
      },
      { type: 'blockquote', content: [p(t('扫黑除恶，人人有责'))] },
      { type: 'horizontalRule' },
    )
    assert.equal(
      rendered(d),
      '<h2>认清套路贷</h2><p>不法分子以<strong>“低息”</strong>为诱饵，<em>层层加码</em>。</p>' +
        '<ul><li>不轻信</li><li>不签空白合同</li></ul><ol><li>报警</li><li>告诉辅导员</li></ol>' +
        '<blockquote><p>扫黑除恶，人人有责</p></blockquote><hr />',
    )
  })

  test('text that looks like Markdown stays text', () => {
    const d = doc(p(t('1. 不是列表')), p(t('# 不是标题')), p(t('- 不是列表项 *也不是强调* [不是链接](x) <b>不是标签</b> &copy;')))
    assert.equal(rendered(d), '<p>1. 不是列表</p><p># 不是标题</p><p>- 不是列表项 *也不是强调* [不是链接](x) &lt;b&gt;不是标签&lt;/b&gt; &amp;copy;</p>')
  })

  test('images, links, line breaks and underline survive; a javascript: link does not', () => {
    const d = doc(
      { type: 'image', attrs: { src: '/api/media/65a1b2c3d4e5f6a7b8c9d0e1', alt: '海报' } },
      p(t('第一行'), { type: 'hardBreak' }, t('第二行'), t('下划线', 'underline')),
      p({ type: 'text', text: '举报电话', marks: [{ type: 'link', attrs: { href: 'https://example.org/a b' } }] }),
      p({ type: 'text', text: '坏链接', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }),
    )
    const html = rendered(d)
    assert.match(html, /<img src="\/api\/media\/65a1b2c3d4e5f6a7b8c9d0e1" alt="海报" style="max-width:100%;height:auto" \/>/)
    assert.match(html, /<p>第一行<br \/>第二行<u>下划线<\/u><\/p>/)
    assert.match(html, /<a href="https:\/\/example.org\/a%20b">举报电话<\/a>/)
    assert.doesNotMatch(html, /javascript/)
    assert.match(html, /坏链接/)
  })

  test('an empty document is an empty body, and empty paragraphs leave no gaps', () => {
    assert.equal(docToMarkdown(doc(p())), '')
    assert.equal(docToMarkdown(doc(p(t('甲')), p(), p(t('乙')))), '甲\n\n乙')
  })

  test('a nested list stays inside its item', () => {
    const d = doc({
      type: 'bulletList',
      content: [{ type: 'listItem', content: [p(t('线索')), { type: 'bulletList', content: [{ type: 'listItem', content: [p(t('电话'))] }] }] }],
    })
    assert.equal(rendered(d), '<ul><li>线索<ul><li>电话</li></ul></li></ul>')
  })
})
