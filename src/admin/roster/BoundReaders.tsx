import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { useRosterBindings, type BoundPerson } from '../../hooks/useRosterBindings'
import '../../styles/components.css'

/** Readers bound to roster entries, with "undo binding" (the reader can bind again). */
export function BoundReaders() {
  const { list, page, setPage, search, unbind } = useRosterBindings()
  const [text, setText] = useState('')
  const confirmUnbind = async (p: BoundPerson) => {
    const { confirm } = await Taro.showModal({ title: '解除绑定', content: `解除 ${p.name}（${p.number}）与微信用户的绑定？对方可重新绑定。` })
    if (!confirm) return
    await unbind(p).then(
      () => Taro.showToast({ title: '已解除绑定', icon: 'none' }),
      (e: Error) => Taro.showToast({ title: e.message, icon: 'none' }),
    )
  }
  return (
    <View className='card bound-readers'>
      <View className='section-title'>已绑定的读者</View>
      <View>
        <Input maxlength={32} className='field bound-search' placeholder='学号/工号或姓名' value={text} onInput={(e) => setText(e.detail.value)} onConfirm={() => search(text)} />
        <Button size='mini' onClick={() => search(text)}>
          查找
        </Button>
      </View>
      {list.error && <Text className='error'>{list.error}</Text>}
      {list.data?.people.length === 0 && <Text className='muted'>没有已绑定的读者</Text>}
      {list.data?.people.map((p) => (
        <View key={p.id} className='dept-row bound-row'>
          <Text>
            {p.name}（{p.number}）{p.className ?? ''} · {p.boundUser?.nickname || '微信用户'}
          </Text>
          <Button size='mini' className='unbind' onClick={() => void confirmUnbind(p)}>
            解除绑定
          </Button>
        </View>
      ))}
      <View>
        {page > 1 && (
          <Button size='mini' onClick={() => setPage(page - 1)}>
            上一页
          </Button>
        )}
        {list.data?.hasMore && (
          <Button size='mini' onClick={() => setPage(page + 1)}>
            下一页
          </Button>
        )}
      </View>
    </View>
  )
}
