import { makeCreditCode } from '../orgs/credit-code.js';
import { SICHUAN_REGIONS } from './sichuan.js';

/**
 * Synthetic but valid-looking people and enterprises for the demo nodes and benchmarks: deterministic (a seeded
 * PRNG), with GB 11643 ID numbers and GB 32100 credit codes whose check characters are right. Nobody real.
 */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 check character of the first 17 digits of a citizen ID number. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

export function isValidIdNumber(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && idCheckChar(id.slice(0, 17)) === id[17];
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰文斌宇浩然子涵欣怡梓轩思远佳琪雨桐俊杰晓东海燕';
const STREETS = ['人民南路', '红星路', '蜀都大道', '天府大道', '建设路', '春熙路', '光华大道', '府青路', '双林路', '科华北路'];
const COUNTIES = SICHUAN_REGIONS.filter((r) => r.level === 'county');
const INDUSTRIES = ['科技', '商贸', '建筑', '餐饮', '物流', '文化传媒', '医药', '农业开发', '信息技术', '电子商务'];

export interface Person { idNumber: string; name: string; gender: '男' | '女'; birthDate: string; phone: string; address: string; regionCode: string }

export function* people(count: number, seed = 510000): Generator<Person> {
  const rnd = prng(seed);
  const pick = <T>(xs: ArrayLike<T>) => xs[Math.floor(rnd() * xs.length)]!;
  for (let i = 0; i < count; i++) {
    const county = pick(COUNTIES);
    const y = 1950 + Math.floor(rnd() * 55);
    const m = 1 + Math.floor(rnd() * 12);
    const d = 1 + Math.floor(rnd() * 28);
    const birth = `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
    const seq = String(Math.floor(rnd() * 1000)).padStart(3, '0');
    const first17 = `${county.code}${birth}${seq}`;
    const given = pick(GIVEN) + (rnd() < 0.6 ? pick(GIVEN) : '');
    yield {
      idNumber: first17 + idCheckChar(first17),
      name: pick(SURNAMES) + given,
      gender: Number(seq[2]) % 2 === 1 ? '男' : '女',
      birthDate: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      phone: `1${pick('3456789')}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`,
      address: `${county.name}${pick(STREETS)}${1 + Math.floor(rnd() * 300)}号`,
      regionCode: county.code,
    };
  }
}

export interface Enterprise { creditCode: string; name: string; legalRepresentative: string; registeredCapital: number; establishedOn: string; address: string; regionCode: string }

export function* enterprises(count: number, seed = 510001): Generator<Enterprise> {
  const rnd = prng(seed);
  const pick = <T>(xs: ArrayLike<T>) => xs[Math.floor(rnd() * xs.length)]!;
  for (let i = 0; i < count; i++) {
    const county = pick(COUNTIES);
    const y = 1995 + Math.floor(rnd() * 31);
    yield {
      creditCode: makeCreditCode({ authority: '9', category: '1', regionCode: county.code, orgSeq: 10_000_000 + i }),
      name: `四川${pick(GIVEN)}${pick(GIVEN)}${pick(INDUSTRIES)}有限公司`,
      legalRepresentative: pick(SURNAMES) + pick(GIVEN) + pick(GIVEN),
      registeredCapital: Math.round(10 + rnd() * 5000) * 10_000,
      establishedOn: `${y}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`,
      address: `${county.name}${pick(STREETS)}${1 + Math.floor(rnd() * 300)}号`,
      regionCode: county.code,
    };
  }
}
