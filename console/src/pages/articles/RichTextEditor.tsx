import {
  BoldOutlined,
  ItalicOutlined,
  LinkOutlined,
  OrderedListOutlined,
  PictureOutlined,
  RedoOutlined,
  StrikethroughOutlined,
  UnderlineOutlined,
  UndoOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons'
import Image from '@tiptap/extension-image'
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react'
import StarterKit from '@tiptap/starter-kit'
import { App, Button, Divider, Input, Modal, Space, Tooltip, Typography } from 'antd'
import { useRef, useState, type ReactNode } from 'react'
import type { MediaOut } from '@contract/articles'
import { api } from '../../services/api'
import { friendlyMessage } from '../../services/errors'
import { docToMarkdown } from './markdown'

const imageFiles = (list: FileList | null | undefined) => Array.from(list ?? []).filter((f) => f.type.startsWith('image/'))

/**
 * The article body editor, like the official account's: formatting toolbar, images pasted,
 * dropped or picked are uploaded to the media library and placed where the cursor is. It opens
 * the server's sanitized HTML and reports the body as Markdown (markdown.ts), which the server
 * stores and sanitizes as before.
 */
export function RichTextEditor({ initialHtml, onChange }: { initialHtml: string; onChange(markdown: string): void }) {
  const { message } = App.useApp()
  const fileInput = useRef<HTMLInputElement>(null)
  const [uploading, setUploading] = useState(0)
  const editorRef = useRef<Editor | null>(null)
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange

  const insertImages = async (files: File[], at?: number) => {
    for (const file of files) {
      setUploading((n) => n + 1)
      try {
        const media = await api.upload<MediaOut>('/api/admin/media', file, file.name)
        const chain = editorRef.current?.chain().focus()
        if (at !== undefined) chain?.insertContentAt(at, { type: 'image', attrs: { src: media.url, alt: '' } }).run()
        else chain?.setImage({ src: media.url, alt: '' }).run()
      } catch (err) {
        void message.error(`图片上传失败：${friendlyMessage(err)}`)
      } finally {
        setUploading((n) => n - 1)
      }
    }
  }

  const editor = useEditor({
    extensions: [StarterKit.configure({ heading: { levels: [2, 3] }, link: { openOnClick: false } }), Image],
    content: initialHtml,
    editorProps: {
      attributes: { class: 'rich-text-body', 'aria-label': '正文' },
      handlePaste: (_view, event) => {
        const files = imageFiles(event.clipboardData?.files)
        if (!files.length) return false
        void insertImages(files)
        return true
      },
      handleDrop: (view, event) => {
        const files = imageFiles(event.dataTransfer?.files)
        if (!files.length) return false
        const pos = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos
        void insertImages(files, pos)
        return true
      },
    },
    onUpdate: ({ editor: e }) => onChangeRef.current(docToMarkdown(e.getJSON())),
  })
  editorRef.current = editor

  return (
    <div className='rich-text'>
      <Toolbar editor={editor} onPickImage={() => fileInput.current?.click()} uploading={uploading > 0} />
      <EditorContent editor={editor} />
      <input
        ref={fileInput}
        className='rich-text-file'
        type='file'
        accept='image/png,image/jpeg,image/webp,image/gif'
        multiple
        style={{ display: 'none' }}
        onChange={(e) => {
          void insertImages(imageFiles(e.target.files))
          e.target.value = ''
        }}
      />
    </div>
  )
}

function Toolbar({ editor, onPickImage, uploading }: { editor: Editor; onPickImage(): void; uploading: boolean }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      underline: e.isActive('underline'),
      strike: e.isActive('strike'),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      blockquote: e.isActive('blockquote'),
      link: e.isActive('link'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  })
  const [linkOpen, setLinkOpen] = useState(false)
  const [href, setHref] = useState('')
  const run = (fn: (c: ReturnType<Editor['chain']>) => ReturnType<Editor['chain']>) => fn(editor.chain().focus()).run()
  const tool = (title: string, active: boolean, onClick: () => void, icon: ReactNode, disabled = false) => (
    <Tooltip title={title} key={title}>
      <Button type={active ? 'primary' : 'text'} ghost={active} icon={icon} aria-label={title} onClick={onClick} disabled={disabled} />
    </Tooltip>
  )
  return (
    <div className='rich-text-toolbar'>
      <Space size={0} wrap>
        {tool('标题', state.h2, () => run((c) => c.toggleHeading({ level: 2 })), <b>H2</b>)}
        {tool('小标题', state.h3, () => run((c) => c.toggleHeading({ level: 3 })), <b>H3</b>)}
        <Divider type='vertical' style={{ marginInline: 2 }} />
        {tool('加粗', state.bold, () => run((c) => c.toggleBold()), <BoldOutlined />)}
        {tool('斜体', state.italic, () => run((c) => c.toggleItalic()), <ItalicOutlined />)}
        {tool('下划线', state.underline, () => run((c) => c.toggleUnderline()), <UnderlineOutlined />)}
        {tool('删除线', state.strike, () => run((c) => c.toggleStrike()), <StrikethroughOutlined />)}
        <Divider type='vertical' style={{ marginInline: 2 }} />
        {tool('项目符号列表', state.bulletList, () => run((c) => c.toggleBulletList()), <UnorderedListOutlined />)}
        {tool('编号列表', state.orderedList, () => run((c) => c.toggleOrderedList()), <OrderedListOutlined />)}
        {tool('引用', state.blockquote, () => run((c) => c.toggleBlockquote()), <b>“</b>)}
        {tool('分割线', false, () => run((c) => c.setHorizontalRule()), <b>—</b>)}
        <Divider type='vertical' style={{ marginInline: 2 }} />
        {tool(
          '链接',
          state.link,
          () => {
            setHref((editor.getAttributes('link').href as string | undefined) ?? 'https://')
            setLinkOpen(true)
          },
          <LinkOutlined />,
        )}
        <Tooltip title='插入图片（也可直接粘贴或拖入图片）'>
          <Button type='text' icon={<PictureOutlined />} loading={uploading} onClick={onPickImage} className='insert-image' aria-label='插入图片' />
        </Tooltip>
        <Divider type='vertical' style={{ marginInline: 2 }} />
        {tool('撤销', false, () => run((c) => c.undo()), <UndoOutlined />, !state.canUndo)}
        {tool('重做', false, () => run((c) => c.redo()), <RedoOutlined />, !state.canRedo)}
      </Space>
      <Modal
        title='链接'
        open={linkOpen}
        okText='确定'
        cancelText='取消'
        onCancel={() => setLinkOpen(false)}
        onOk={() => {
          const value = href.trim()
          if (!value || value === 'https://') run((c) => c.extendMarkRange('link').unsetLink())
          else run((c) => c.extendMarkRange('link').setLink({ href: value }))
          setLinkOpen(false)
        }}
      >
        <Input value={href} onChange={(e) => setHref(e.target.value)} placeholder='https://' aria-label='链接地址' />
        <Typography.Paragraph type='secondary' style={{ marginTop: 8 }}>
          只能链接 http(s) 网址；留空则取消链接。
        </Typography.Paragraph>
      </Modal>
    </div>
  )
}
