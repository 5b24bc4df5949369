import { Button, Result } from 'antd'
import { friendlyMessage } from '../services/errors'

/** What a page shows when its data did not load: the reason in Chinese and 重试. */
export function LoadFailed({ error, onRetry }: { error: unknown; onRetry(): void }) {
  return (
    <Result
      status='warning'
      title='加载失败'
      subTitle={friendlyMessage(error)}
      extra={
        <Button type='primary' onClick={onRetry}>
          重试
        </Button>
      }
    />
  )
}
