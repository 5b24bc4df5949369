import type { TipCaseOut } from '@contract/tips'

export interface TimelineItem {
  at: string
  kind: 'status' | 'followUp' | 'note'
  title: string
  text: string | null
}

/** The case's history in one list, oldest first: status changes (with the note the reporter sees), the reporter's follow-ups, internal notes. */
export function caseTimeline(tip: Pick<TipCaseOut, 'timeline' | 'followUps' | 'notes'>): TimelineItem[] {
  const items: TimelineItem[] = [
    ...tip.timeline.map((e) => ({ at: e.at, kind: 'status' as const, title: e.statusName, text: e.note ? `告知举报人：${e.note}` : null })),
    ...tip.followUps.map((f) => ({ at: f.at, kind: 'followUp' as const, title: '举报人补充', text: f.text })),
    ...tip.notes.map((n) => ({ at: n.at, kind: 'note' as const, title: `内部备注 · ${n.authorName ?? '保卫处人员'}`, text: n.text })),
  ]
  return items.sort((a, b) => a.at.localeCompare(b.at))
}
