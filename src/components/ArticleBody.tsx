import { Image, RichText, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ReactNode } from 'react'
import { absoluteSrc, BLOCK_TAGS, imageUrls, listMarker, toHtml, type BodyNode } from '../services/article-nodes'
import './ArticleBody.css'

/**
 * The article body with the app's own components instead of one rich-text blob (whose images
 * overflow and cannot be tapped): images fit the screen (width 100%) and open previewImage with
 * every image of the article; links are copied in WeChat (a mini-program cannot open web
 * pages) and opened in a new tab in H5. Tables stay rich-text.
 */
export function ArticleBody({ nodes, apiOrigin }: { nodes: BodyNode[]; apiOrigin: string }) {
  const gallery = imageUrls(nodes, apiOrigin)
  const preview = (src: string) => void Taro.previewImage({ current: src, urls: gallery })
  const openLink = (href: string) => {
    if (process.env.TARO_ENV === 'h5') {
      window.open(href, '_blank', 'noopener')
      return
    }
    void Taro.setClipboardData({ data: href }).then(
      () => Taro.showToast({ title: '链接已复制，可在浏览器中打开', icon: 'none' }),
      () => undefined,
    )
  }

  const render = (node: BodyNode, key: number, parentTag: string, index: number): ReactNode => {
    if (typeof node === 'string') return node
    const kids = (n: { t: string; c?: BodyNode[] }) => (n.c ?? []).map((c, i) => render(c, i, n.t, i))
    switch (node.t) {
      case 'img': {
        const src = absoluteSrc(node.a?.src ?? '', apiOrigin)
        return <Image key={key} className='md-img' src={src} mode='widthFix' lazyLoad onClick={() => preview(src)} />
      }
      case 'a':
        return (
          <Text key={key} className='md-a' onClick={() => node.a?.href && openLink(node.a.href)}>
            {kids(node)}
          </Text>
        )
      case 'br':
        return <Text key={key}>{'\n'}</Text>
      case 'hr':
        return <View key={key} className='md-hr' />
      case 'table':
        return <RichText key={key} className='md-table' nodes={toHtml(node)} />
      case 'li':
        return (
          <View key={key} className='md-li'>
            <Text className='md-marker'>{listMarker(parentTag, index)}</Text>
            {kids(node)}
          </View>
        )
      default:
        return BLOCK_TAGS.has(node.t) ? (
          <View key={key} className={`md-${node.t}`}>
            {kids(node)}
          </View>
        ) : (
          <Text key={key} className={`md-${node.t}`}>
            {kids(node)}
          </Text>
        )
    }
  }
  return <View className='article-body'>{nodes.map((n, i) => render(n, i, 'root', i))}</View>
}
