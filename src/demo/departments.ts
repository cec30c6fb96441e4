/**
 * Demo organisations: real Sichuan department names with SYNTHETIC credit
 * codes. The codes are valid under GB 32100 (authority 1 机构编制, category 1
 * 机关) but are not the departments' real codes — never present them as such.
 * Each entry carries a fixed `seq` so codes stay stable if the list is reordered.
 */
import { makeCreditCode } from '../orgs/credit-code.js';

export interface Department {
  /** Pinyin initials of the common short name; unique across all lists. */
  slug: string;
  name: string;
  shortName: string;
  /** Synthetic 18-char unified social credit code. */
  code: string;
  /** GB/T 2260 code of the administrative level the department belongs to. */
  regionCode: string;
}

type Row = [slug: string, name: string, shortName: string, seq: number];

function build(regionCode: string, rows: Row[]): Department[] {
  return rows.map(([slug, name, shortName, seq]) => ({
    slug,
    name,
    shortName,
    regionCode,
    code: makeCreditCode({ authority: '1', category: '1', regionCode, orgSeq: seq }),
  }));
}

/** The platform's management office (管理单位). */
export const MANAGEMENT_OFFICE_SLUG = 'bgt';

export const PROVINCE_DEPARTMENTS: Department[] = build('510000', [
  ['bgt', '四川省人民政府办公厅', '省政府办公厅', 51000001],
  ['fgw', '四川省发展和改革委员会', '省发展改革委', 51000002],
  ['jyt', '四川省教育厅', '省教育厅', 51000003],
  ['kjt', '四川省科学技术厅', '省科技厅', 51000004],
  ['jxt', '四川省经济和信息化厅', '省经济和信息化厅', 51000005],
  ['mzw', '四川省民族宗教事务委员会', '省民族宗教委', 51000006],
  ['gat', '四川省公安厅', '省公安厅', 51000007],
  ['mzt', '四川省民政厅', '省民政厅', 51000008],
  ['sft', '四川省司法厅', '省司法厅', 51000009],
  ['czt', '四川省财政厅', '省财政厅', 51000010],
  ['rst', '四川省人力资源和社会保障厅', '省人力资源社会保障厅', 51000011],
  ['zrzyt', '四川省自然资源厅', '省自然资源厅', 51000012],
  ['sthjt', '四川省生态环境厅', '省生态环境厅', 51000013],
  ['zjt', '四川省住房和城乡建设厅', '省住房城乡建设厅', 51000014],
  ['jtyst', '四川省交通运输厅', '省交通运输厅', 51000015],
  ['slt', '四川省水利厅', '省水利厅', 51000016],
  ['nynct', '四川省农业农村厅', '省农业农村厅', 51000017],
  ['swt', '四川省商务厅', '省商务厅', 51000018],
  ['wlt', '四川省文化和旅游厅', '省文化和旅游厅', 51000019],
  ['wjw', '四川省卫生健康委员会', '省卫生健康委', 51000020],
  ['tyjrswt', '四川省退役军人事务厅', '省退役军人事务厅', 51000021],
  ['yjglt', '四川省应急管理厅', '省应急管理厅', 51000022],
  ['sjt', '四川省审计厅', '省审计厅', 51000023],
  ['wb', '四川省人民政府外事办公室', '省政府外办', 51000024],
  ['gzw', '四川省政府国有资产监督管理委员会', '省国资委', 51000025],
  ['scjgj', '四川省市场监督管理局', '省市场监管局', 51000026],
  ['gdj', '四川省广播电视局', '省广电局', 51000027],
  ['tyj', '四川省体育局', '省体育局', 51000028],
  ['tjj', '四川省统计局', '省统计局', 51000029],
  ['ybj', '四川省医疗保障局', '省医保局', 51000030],
  ['xfj', '四川省信访局', '省信访局', 51000031],
  ['dsjzx', '四川省大数据中心', '省大数据中心', 51000032],
  ['zwfwzx', '四川省政务服务和公共资源交易服务中心', '省政务服务和资源交易中心', 51000033],
  ['lcj', '四川省林业和草原局', '省林草局', 51000034],
  ['swj', '国家税务总局四川省税务局', '省税务局', 51000035],
  ['yjj', '四川省药品监督管理局', '省药监局', 51000036],
  ['jgswglj', '四川省机关事务管理局', '省机关事务局', 51000037],
  ['jrglj', '四川省地方金融管理局', '省地方金融管理局', 51000038],
  ['lswzcbj', '四川省粮食和物资储备局', '省粮食和储备局', 51000039],
  ['nyj', '四川省能源局', '省能源局', 51000040],
  ['zscqzx', '四川省知识产权服务促进中心', '省知识产权中心', 51000041],
  ['qxj', '四川省气象局', '省气象局', 51000042],
  ['gjjzx', '四川省省级住房公积金管理中心', '省公积金中心', 51000043],
  ['cl', '四川省残疾人联合会', '省残联', 51000044],
  ['bdcdjzx', '四川省不动产登记中心', '省不动产登记中心', 51000045],
]);

/** 成都市 (510100) municipal departments. */
export const CITY_DEPARTMENTS: Department[] = build('510100', [
  ['cd-bgt', '成都市人民政府办公厅', '市政府办公厅', 51010001],
  ['cd-fgw', '成都市发展和改革委员会', '市发展改革委', 51010002],
  ['cd-gaj', '成都市公安局', '市公安局', 51010003],
  ['cd-scjgj', '成都市市场监督管理局', '市市场监管局', 51010004],
  ['cd-wjw', '成都市卫生健康委员会', '市卫生健康委', 51010005],
]);

/** 成都市武侯区 (510107) district departments. */
export const COUNTY_DEPARTMENTS: Department[] = build('510107', [
  ['whq-bgs', '成都市武侯区人民政府办公室', '区政府办公室', 51010701],
  ['whq-scjgj', '成都市武侯区市场监督管理局', '区市场监管局', 51010702],
]);

export const ALL_DEPARTMENTS: Department[] = [...PROVINCE_DEPARTMENTS, ...CITY_DEPARTMENTS, ...COUNTY_DEPARTMENTS];
