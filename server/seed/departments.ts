/** The college's departments (二级学院 and 处室), seeded on first start. */
export const DEPARTMENTS: { code: string; name: string; kind: 'college' | 'office' }[] = [
  { code: 'C01', name: '机电工程学院', kind: 'college' },
  { code: 'C02', name: '信息工程学院', kind: 'college' },
  { code: 'C03', name: '建筑工程学院', kind: 'college' },
  { code: 'C04', name: '汽车工程学院', kind: 'college' },
  { code: 'C05', name: '化学工程学院', kind: 'college' },
  { code: 'C06', name: '商贸旅游学院', kind: 'college' },
  { code: 'C07', name: '师范学院', kind: 'college' },
  { code: 'C08', name: '马克思主义学院', kind: 'college' },
  { code: 'O01', name: '党委办公室', kind: 'office' },
  { code: 'O02', name: '院长办公室', kind: 'office' },
  { code: 'O03', name: '保卫处', kind: 'office' },
  { code: 'O04', name: '学生工作处', kind: 'office' },
  { code: 'O05', name: '教务处', kind: 'office' },
  { code: 'O06', name: '党委宣传部', kind: 'office' },
  { code: 'O07', name: '人事处', kind: 'office' },
  { code: 'O08', name: '后勤管理处', kind: 'office' },
]
