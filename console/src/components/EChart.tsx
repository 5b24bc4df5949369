import { BarChart, FunnelChart, LineChart } from 'echarts/charts'
import { DatasetComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

// Only the chart types the console draws (keeps the bundle small); SVG, so text stays text
// (sharp at any zoom, and the browser tests can read the axis labels).
echarts.use([BarChart, LineChart, FunnelChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, DatasetComponent, SVGRenderer])

export type ChartOption = echarts.EChartsCoreOption

/** One ECharts chart that follows its option and its container's size. */
export function EChart({ option, height = 320, className, label }: { option: ChartOption; height?: number; className?: string; label: string }) {
  const box = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)

  useEffect(() => {
    const el = box.current!
    const instance = echarts.init(el, null, { renderer: 'svg', locale: 'ZH' })
    chart.current = instance
    const resize = new ResizeObserver(() => instance.resize())
    resize.observe(el)
    return () => {
      resize.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

  return <div ref={box} className={['chart', className].filter(Boolean).join(' ')} style={{ height }} role='img' aria-label={label} />
}
