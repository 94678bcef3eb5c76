// Texts of the interest-posting page, merged into the main resources (index.ts).
export const accountsZh = {
  menu: { interest: '账户计息' },
  interest: {
    title: '个人账户年度计息',
    hint: '每年计息期结束后，对全县个人账户按当年有效的利率（年内调整分段计算）计息，按资金来源记入各分账。计息逐年进行，每年只计一次；任务中断后会从中断处继续。',
    year: '计息年度',
    start: '开始计息',
    started: '{{year}} 年度计息任务已开始',
    jobs: '计息任务',
    period: '年度',
    status: '状态',
    progress: '进度',
    accounts: '账户数',
    totalInterest: '利息合计（元）',
    createdBy: '发起人',
    createdAt: '发起时间',
    finishedAt: '完成时间',
    statuses: { queued: '排队中', running: '计息中', done: '已完成', failed: '失败' },
    error: '错误',
  },
};

export const accountsEn: typeof accountsZh = {
  menu: { interest: 'Interest' },
  interest: {
    title: 'Yearly account interest',
    hint: "After each interest period, every account of the county earns the rate in force (split where the rate changed during the year), credited to each source. Years are posted in order, each once; a job that stops resumes where it was.",
    year: 'Interest year',
    start: 'Post interest',
    started: 'Interest posting for {{year}} has started',
    jobs: 'Interest jobs',
    period: 'Year',
    status: 'Status',
    progress: 'Progress',
    accounts: 'Accounts',
    totalInterest: 'Interest (yuan)',
    createdBy: 'Started by',
    createdAt: 'Started at',
    finishedAt: 'Finished at',
    statuses: { queued: 'queued', running: 'running', done: 'done', failed: 'failed' },
    error: 'Error',
  },
};
