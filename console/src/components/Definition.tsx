import { QuestionCircleOutlined } from '@ant-design/icons'
import { Space, Tooltip } from 'antd'
import type { ReactNode } from 'react'

/** A figure's name with its definition on hover (and on keyboard focus). */
export function Definition({ children, text }: { children: ReactNode; text: string }) {
  return (
    <Space size={4}>
      {children}
      <Tooltip title={text}>
        <QuestionCircleOutlined
          tabIndex={0}
          aria-label={`${typeof children === 'string' ? children : ''}的定义`}
          style={{ color: 'var(--ant-color-text-tertiary)', cursor: 'help' }}
        />
      </Tooltip>
    </Space>
  )
}
