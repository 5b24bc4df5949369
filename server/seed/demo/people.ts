import type { DemoRandom } from './random'

/**
 * The demo roster: students of the 二级学院 in classes, staff of the 处室, with common Chinese
 * names and the college's number formats. Department codes are those of ../departments.ts.
 */

// Common surnames, most frequent first (weights roughly follow their frequency).
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  )
const SURNAME_WEIGHTS = SURNAMES.map((_, i) => 1 / (i + 8))
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉晨宇浩然子涵欣怡梓萱一诺雨轩思彤嘉俊志远佳琪博文天佑子豪诗雨可馨雅婷晓东海峰春梅文博俊杰婉清若曦家豪铭泽昊天'.split(
    '',
  )

export function chineseName(rng: DemoRandom): string {
  const surname = rng.weighted(SURNAMES, SURNAME_WEIGHTS)
  const given = rng.chance(0.7) ? rng.pick(GIVEN) + rng.pick(GIVEN) : rng.pick(GIVEN)
  return surname + given
}

/** Majors of each 二级学院 (class names are the major's short name, the year and a number). */
export const COLLEGE_MAJORS: Record<string, string[]> = {
  C01: ['机电', '数控', '模具'],
  C02: ['软件', '网络', '大数据'],
  C03: ['建工', '造价', '测绘'],
  C04: ['汽修', '新能源车'],
  C05: ['化工', '环保', '药品'],
  C06: ['电商', '旅游', '会计'],
  C07: ['学前', '小教'],
  C08: ['思政'],
}

export interface DemoPersonSpec {
  number: string
  name: string
  type: 'student' | 'staff'
  departmentCode: string
  className: string | null
}

/** Students per college and staff per office: about 2,000 people in all. */
export const STUDENTS_PER_COLLEGE: Record<string, number> = { C01: 290, C02: 300, C03: 240, C04: 220, C05: 200, C06: 260, C07: 180, C08: 80 }
export const STAFF_PER_OFFICE: Record<string, number> = { O01: 14, O02: 12, O03: 18, O04: 26, O05: 24, O06: 12, O07: 16, O08: 38 }

/**
 * The roster. Student numbers: entry year (4) + college (2) + class (2) + seat (2), e.g.
 * 2024020315; staff numbers (工号): 8 + office (2) + seat (3), e.g. 803012. Classes hold
 * about 40 students over the three entry years of a 高职.
 */
export function demoRoster(rng: DemoRandom): DemoPersonSpec[] {
  const people: DemoPersonSpec[] = []
  for (const [code, total] of Object.entries(STUDENTS_PER_COLLEGE)) {
    const majors = COLLEGE_MAJORS[code]
    const college = Number(code.slice(1))
    let classNo = 0
    let left = total
    for (let round = 0; left > 0; round++) {
      for (const major of majors) {
        if (left <= 0) break
        const year = 2023 + (round % 3)
        classNo++
        const size = Math.min(left, rng.int(34, 44))
        left -= size
        const className = `${major}${String(year).slice(2)}${String(Math.floor(round / 3) + 1).padStart(2, '0')}班`
        for (let seat = 1; seat <= size; seat++) {
          const number = `${year}${String(college).padStart(2, '0')}${String(classNo).padStart(2, '0')}${String(seat).padStart(2, '0')}`
          people.push({ number, name: chineseName(rng), type: 'student', departmentCode: code, className })
        }
      }
    }
  }
  for (const [code, total] of Object.entries(STAFF_PER_OFFICE)) {
    for (let seat = 1; seat <= total; seat++) {
      people.push({ number: `8${code.slice(1)}${String(seat).padStart(3, '0')}`, name: chineseName(rng), type: 'staff', departmentCode: code, className: null })
    }
  }
  return people
}
