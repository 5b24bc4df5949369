/**
 * Demo articles and tips. Every title carries DEMO_PREFIX, so nobody mistakes them for the
 * college's own publicity.
 */
export const DEMO_PREFIX = '【演示】'

export interface DemoArticleSpec {
  title: string
  summary: string
  required: boolean
  /** Only the 二级学院 (students), not the 处室. */
  collegesOnly?: boolean
  /** Day of the 30-day window it was published (pushed) on, at 08:00. */
  publishDay: number
  tags: string[]
  bodyMarkdown: string
}

const body = (lead: string, points: string[]) =>
  `${lead}\n\n## 要点\n\n${points.map((p) => `- ${p}`).join('\n')}\n\n## 遇到问题怎么办\n\n发现涉黑涉恶线索，可以通过本小程序的“举报”入口向保卫处反映，也可以拨打 12337 或登录全国扫黑办举报平台。遇到正在发生的危险，请先拨打 110。\n\n（本文为演示数据，用于展示阅读进度与统计效果，可由超级管理员一键删除。）`

export const DEMO_ARTICLES: DemoArticleSpec[] = [
  {
    title: `${DEMO_PREFIX}学院召开扫黑除恶常态化工作推进会`,
    summary: '各二级学院、处室负责人参加，部署本学期宣传教育和线索摸排工作。',
    required: true,
    publishDay: 1,
    tags: ['工作动态'],
    bodyMarkdown: body(
      '学院召开扫黑除恶常态化工作推进会，总结上学期工作，部署本学期宣传教育、线索摸排和月报告工作。会议强调，各部门负责人是本部门第一责任人，要把宣传教育落实到每个班级、每名师生。',
      ['各部门每月报送工作情况月报表', '宣传材料要“看到”而不只是“发到”，学院按知晓率和参与率考核', '线索摸排实行“月报告”制度'],
    ),
  },
  {
    title: `${DEMO_PREFIX}警惕校园贷：三个真实案例告诉你`,
    summary: '“零利息”“秒到账”背后是层层陷阱，看完这三个案例再决定。',
    required: true,
    publishDay: 6,
    tags: ['校园贷'],
    bodyMarkdown: body('不少同学接到过“无抵押、秒到账”的借贷广告。看似门槛很低，实际上往往伴随高额服务费、砍头息和暴力催收。', [
      '借款前先看清综合年化利率，超过法定保护上限的部分不受法律保护',
      '不要把身份证、学生证、通讯录授权交给陌生平台',
      '遭遇恐吓、骚扰式催收，保存证据并报警',
    ]),
  },
  {
    title: `${DEMO_PREFIX}什么是“软暴力”？一图读懂`,
    summary: '滋扰、纠缠、哄闹、聚众造势，也可能构成违法犯罪。',
    required: true,
    publishDay: 12,
    tags: ['软暴力'],
    bodyMarkdown: body('“软暴力”不动手，却足以让人产生恐惧、形成心理强制。跟踪贴靠、堵门堵路、在网上散布隐私，都是常见表现。', [
      '软暴力可能构成寻衅滋事、敲诈勒索、强迫交易等犯罪',
      '通过网络实施的软暴力同样可以认定',
      '保存聊天记录、录音和照片，及时报警',
    ]),
  },
  {
    title: `${DEMO_PREFIX}举报线索如何保密？保卫处答同学问`,
    summary: '匿名举报、加密保存、只有保卫处能看：你的顾虑，这里一一回答。',
    required: true,
    publishDay: 18,
    tags: ['举报'],
    bodyMarkdown: body('不少同学担心举报后被打击报复。保卫处负责同志就举报保密问题回答了同学们的提问。', [
      '默认匿名，不记录 IP 地址，时间只保留到小时',
      '举报内容加密保存，只有保卫处人员可以查看，每次查看都有记录',
      '凭查询码和密钥可以随时查看处理进度',
    ]),
  },
  {
    title: `${DEMO_PREFIX}实习求职季，谨防“培训贷”“招聘陷阱”`,
    summary: '先交钱再上岗、入职先贷款培训？这些都是危险信号。',
    required: true,
    collegesOnly: true,
    publishDay: 23,
    tags: ['求职安全'],
    bodyMarkdown: body('毕业实习和求职季，一些不法分子以高薪招聘为名，诱导学生签订培训贷款合同，或收取各种押金。', [
      '正规用人单位不会以任何名义向求职者收费',
      '签合同前看清是否附带贷款条款',
      '遇到可疑招聘，先向学院就业办核实',
    ]),
  },
  {
    title: `${DEMO_PREFIX}本月学习之星：信息工程学院软件2401班`,
    summary: '全班 100% 完成必读学习，知识竞赛平均 86 分。',
    required: false,
    publishDay: 27,
    tags: ['表彰'],
    bodyMarkdown: body('本月学习统计显示，信息工程学院软件2401班全员完成必读内容，知识竞赛平均成绩 86 分，位列全院第一。', [
      '班级学习委员每周提醒未读同学',
      '班会课集中学习《扫黑除恶常态化知识问答》',
      '同学们自发组队参加挑战答题',
    ]),
  },
]

/** Tips in different states of the case workflow (text written as a reporter would). */
export const DEMO_TIPS: {
  category: string
  description: string
  location: string
  day: number
  status: 'received' | 'verifying' | 'transferred' | 'closed'
  anonymous: boolean
}[] = [
  {
    category: 'campus-loan',
    description: '【演示】有人在宿舍楼下发“无抵押学生贷”传单，加微信后要求提供学生证和家长电话。',
    location: '3号宿舍楼',
    day: 4,
    status: 'closed',
    anonymous: true,
  },
  {
    category: 'campus-order',
    description: '【演示】校门外烧烤摊附近晚上经常有社会人员聚集，向学生强行推销并言语威胁。',
    location: '东门外',
    day: 9,
    status: 'transferred',
    anonymous: true,
  },
  {
    category: 'soft-violence',
    description: '【演示】同学借了网贷后被催收人员多次打电话到班主任处，并在班级群散布其隐私。',
    location: '',
    day: 14,
    status: 'verifying',
    anonymous: false,
  },
  {
    category: 'campus-loan',
    description: '【演示】有“兼职中介”在招聘群里让同学先交培训费，说可以分期，合同里其实是贷款。',
    location: '线上招聘群',
    day: 19,
    status: 'verifying',
    anonymous: true,
  },
  { category: 'other', description: '【演示】食堂承包商疑似与校外人员有不正当往来，具体情况不清楚，希望核实。', location: '二食堂', day: 24, status: 'received', anonymous: true },
  { category: 'campus-order', description: '【演示】图书馆附近有人以“勤工俭学”名义拉学生办理手机卡。', location: '图书馆西侧', day: 27, status: 'received', anonymous: true },
  {
    category: 'evil-force',
    description: '【演示】听说校外有人以“保护费”名义向学校周边小店收钱，店主不敢说。',
    location: '南门商业街',
    day: 29,
    status: 'received',
    anonymous: true,
  },
]

export const OUTCOMES: Record<string, string> = {
  closed: '【演示】已会同辖区派出所核查，传单发放人员已被约谈，相关平台已报送网信部门处理。',
}
