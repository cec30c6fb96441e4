// The annual report screen (src/reports, docs/annual-report.md).
export default {
  annualReport: {
    title: '年度共享工作报告',
    description: '按《政务信息资源共享管理办法》第三十四条，生成本地区年度共享情况和评估结果报告（Excel 与 PDF）。省级报告汇总各市（州）情况。',
    year: '年度',
    region: '地区',
    regionDefault: '本级地区',
    xlsx: '下载 Excel',
    pdf: '下载 PDF',
    generating: '正在生成报告…',
    done: '报告已下载',
    contents: '报告包含：汇总、部门评分（含各项评估指标）、下级地区、月度共享交换；PDF 另含月度趋势、部门排名和共享类型构成图表。',
  },
};
