import { Button, Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Chips } from '../../components/Chips'
import { formatBeijing } from '../../services/datetime'
import { TIP_STATUS_NAMES } from '../../services/tips'
import { useTipInbox } from './useTipInbox'
import './tips.css'

const STATUSES = [{ code: '', name: '全部' }, ...Object.entries(TIP_STATUS_NAMES).map(([code, name]) => ({ code, name }))]

export default function TipInbox() {
  const { filters, filter, clear, categories, data, error, page, pages, setPage } = useTipInbox()
  const categoryChoices = [{ code: '', name: '全部类别' }, ...categories]
  const categoryName = (code: string) => categories.find((c) => c.code === code)?.name ?? code
  return (
    <View className='page tip-inbox'>
      <View className='card inbox-filters'>
        <Chips
          kind='status'
          className='filters'
          options={STATUSES.map((f) => ({ value: f.code, label: f.name, className: 'status-filter' }))}
          selected={(code) => filters.status === code}
          onTap={(code) => filter('status', code)}
        />
        <Picker
          mode='selector'
          range={categoryChoices.map((c) => c.name)}
          value={Math.max(
            0,
            categoryChoices.findIndex((c) => c.code === filters.category),
          )}
          onChange={(e) => filter('category', categoryChoices[Number(e.detail.value)].code)}
        >
          <View className='field category-filter'>{filters.category ? categoryName(filters.category) : '全部类别'}</View>
        </Picker>
        <View className='date-range'>
          <Picker mode='date' value={filters.from} end={filters.to || undefined} onChange={(e) => filter('from', String(e.detail.value))}>
            <View className='field date-from'>{filters.from || '受理起始日'}</View>
          </Picker>
          <Text className='muted'>至</Text>
          <Picker mode='date' value={filters.to} start={filters.from || undefined} onChange={(e) => filter('to', String(e.detail.value))}>
            <View className='field date-to'>{filters.to || '受理截止日'}</View>
          </Picker>
        </View>
        <Text className='muted'>日期按北京时间，含首尾两天。</Text>
        {(filters.status || filters.category || filters.from || filters.to) && (
          <Button size='mini' className='clear-filters' onClick={clear}>
            清除筛选
          </Button>
        )}
      </View>
      {error && <Text className='error'>{error}</Text>}
      {data && <Text className='muted inbox-total'>共 {data.total} 条</Text>}
      {data?.tips.map((tip) => (
        <View
          key={tip.id}
          className={`card inbox-item ${tip.unreadable ? 'inbox-item-unreadable' : ''}`}
          onClick={() => Taro.navigateTo({ url: `/admin/tips/detail?id=${tip.id}` })}
        >
          <View className='section-title'>{tip.unreadable ? '⚠ 内容无法解密（密钥不匹配或数据被篡改）' : `${tip.excerpt}…`}</View>
          <Text className='muted'>
            <Text className='inbox-status'>{tip.statusName}</Text> · {categoryName(tip.category)} · {tip.anonymous ? '匿名' : '实名'} ·{' '}
            {formatBeijing(tip.receivedAt, tip.anonymous ? 'hour' : 'minute')} · 图片 {tip.attachments}
            {tip.assigneeName ? ` · 承办：${tip.assigneeName}` : ''}
          </Text>
        </View>
      ))}
      {data && data.tips.length === 0 && <Text className='muted'>暂无线索</Text>}
      {data && pages > 1 && (
        <View className='pager'>
          <Button size='mini' className='page-prev' disabled={page <= 1} onClick={() => setPage(page - 1)}>
            上一页
          </Button>
          <Text className='muted page-info'>
            第 {page} / {pages} 页
          </Text>
          <Button size='mini' className='page-next' disabled={page >= pages} onClick={() => setPage(page + 1)}>
            下一页
          </Button>
        </View>
      )}
    </View>
  )
}
