import type { ThemeConfig } from 'antd';

/** Fonts every government desktop has (Windows: 微软雅黑; 统信/麒麟: Noto/思源): nothing is downloaded. */
const FONT_FAMILY =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif';

export const BRAND_BLUE = '#1456b8';
export const HEADER_BG = '#0b2d66';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND_BLUE,
    colorInfo: BRAND_BLUE,
    colorLink: BRAND_BLUE,
    borderRadius: 4,
    fontFamily: FONT_FAMILY,
    colorBgLayout: '#f0f2f5',
  },
  components: {
    Layout: {
      headerBg: HEADER_BG,
      headerHeight: 56,
      headerPadding: '0 20px',
      siderBg: '#ffffff',
      triggerBg: '#ffffff',
      triggerColor: '#595959',
      footerBg: 'transparent',
      footerPadding: '12px 24px 20px',
    },
    Menu: {
      itemBorderRadius: 2,
      itemMarginInline: 0,
      itemSelectedBg: '#e8f0fc',
      subMenuItemBg: '#ffffff',
    },
    Table: {
      headerBg: '#f5f7fa',
      headerColor: '#262626',
    },
    Card: {
      headerFontSize: 15,
    },
  },
};
