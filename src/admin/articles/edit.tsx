import type { DepartmentListOut } from '@contract/roster'
import { Button, Image, Input, Picker, RichText, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { PrivacyPrompt } from '../../components/PrivacyPrompt'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import { mediaUrl } from '../../services/reading'
import { deliveryLine, statusLine } from './editor'
import { EntryPanel } from './EntryPanel'
import { useArticleEditor } from './useArticleEditor'
import './edit.css'

export default function EditArticle() {
  const { params } = useRouter()
  const e = useArticleEditor(params.id)
  const { draft, set } = e
  const departments = useApi(() => api.get<DepartmentListOut>('/departments'))

  return (
    <View className='page admin-edit'>
      <PrivacyPrompt />
      {e.detail && (
        <View className='card article-status'>
          <Text className='article-status-line'>状态：{statusLine(e.detail.article)}</Text>
          <Text className='muted article-deliveries'>{deliveryLine(e.detail.deliveries, e.detail.article.pushPending)}</Text>
          <Button size='mini' onClick={e.reload}>
            刷新
          </Button>
        </View>
      )}
      {e.detail && <EntryPanel id={e.detail.article.id} published={e.detail.article.status === 'published'} />}
      <Input maxlength={100} className='field article-title-input' placeholder='标题' value={draft.title} onInput={(ev) => set({ title: ev.detail.value })} />
      <Input className='field' maxlength={300} placeholder='摘要（订阅消息和列表中显示）' value={draft.summary} onInput={(ev) => set({ summary: ev.detail.value })} />
      <View className='card cover-editor'>
        <Text>封面图片</Text>
        {draft.coverImageId ? (
          <Image className='cover-preview' mode='aspectFill' src={mediaUrl(`/api/media/${draft.coverImageId}`, API_BASE)} />
        ) : (
          <Text className='muted'>未设置</Text>
        )}
        <Button size='mini' className='upload-cover' onClick={e.uploadCover}>
          {draft.coverImageId ? '更换封面' : '上传封面'}
        </Button>
        {draft.coverImageId && (
          <Button size='mini' onClick={e.removeCover}>
            移除封面
          </Button>
        )}
      </View>
      <Input maxlength={230} className='field article-tags-input' placeholder='标签，用逗号分隔（最多 10 个）' value={e.tagText} onInput={(ev) => e.setTagText(ev.detail.value)} />
      <Textarea
        className='field article-body-input'
        style={{ width: 'auto', minHeight: '300px' }}
        maxlength={100000}
        placeholder='正文（Markdown）'
        value={draft.bodyMarkdown}
        onInput={(ev) => set({ bodyMarkdown: ev.detail.value })}
      />
      <Button size='mini' onClick={e.insertImage}>
        插入图片
      </Button>
      <View className='card'>
        <Text>受众：{draft.audienceDepartmentIds.length ? `${draft.audienceDepartmentIds.length} 个部门` : '全体人员'}（点选部门限定范围）</Text>
        <View>
          {departments.data?.departments.map((d) => (
            <Text key={d.id} className={`tag ${draft.audienceDepartmentIds.includes(d.id) ? 'tag-required' : ''}`} onClick={() => e.toggleDepartment(d.id)}>
              {d.name}
            </Text>
          ))}
        </View>
      </View>
      <View className='card'>
        <Text>必读</Text>
        <Switch checked={draft.required} onChange={(ev) => set({ required: ev.detail.value })} />
      </View>
      <Button onClick={e.refreshPreview}>预览</Button>
      <Button className='save-article' onClick={e.saveDraft}>
        保存草稿
      </Button>
      <Button className='btn-primary publish-article' onClick={e.publishNow}>
        保存并立即发布
      </Button>
      <View className='card schedule'>
        <Text>定时发布（北京时间）</Text>
        <View className='schedule-pickers'>
          <Picker mode='date' value={e.schedule.date} onChange={(ev) => e.setSchedule({ ...e.schedule, date: String(ev.detail.value) })}>
            <View className='field schedule-date'>{e.schedule.date}</View>
          </Picker>
          <Picker mode='time' value={e.schedule.time} onChange={(ev) => e.setSchedule({ ...e.schedule, time: String(ev.detail.value) })}>
            <View className='field schedule-time'>{e.schedule.time}</View>
          </Picker>
        </View>
        <Button className='schedule-article' onClick={e.scheduleAt}>
          定时发布
        </Button>
      </View>
      {e.message && <Text className='admin-message'>{e.message}</Text>}
      {e.message === '已发布' && <Button onClick={() => Taro.navigateBack()}>返回列表</Button>}
      {e.preview !== null && (
        <View className='card'>
          <RichText nodes={e.preview} />
        </View>
      )}
    </View>
  )
}
