import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router-dom';
import App from './App';
import { setLanguageGetter } from './api';
import { AuthProvider } from './auth';
import { currentLang } from './i18n';
import './styles.css';

setLanguageGetter(currentLang);

const themeConfig = {
  algorithm: theme.defaultAlgorithm,
  token: {
    colorPrimary: '#1d4f91',
    colorInfo: '#1d4f91',
    colorLink: '#1d4f91',
    borderRadius: 3,
    fontSize: 13,
    controlHeight: 30,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Layout: { headerBg: '#12396e', headerHeight: 52, headerPadding: '0 16px', siderBg: '#ffffff', bodyBg: '#f0f2f5' },
    Menu: { itemHeight: 38, itemMarginBlock: 2, itemBorderRadius: 2, itemSelectedBg: '#e8eef7' },
    Table: { headerBg: '#f3f5f8', cellPaddingBlockSM: 6 },
    Card: { headerHeightSM: 38 },
    Tree: { nodeSelectedBg: '#dbe6f5', nodeHoverBg: '#eef3fa' },
  },
};

function Root() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  dayjs.locale(en ? 'en' : 'zh-cn');
  useEffect(() => {
    document.title = i18n.t('app.name');
  }, [i18n, i18n.language]);
  return (
    <ConfigProvider locale={en ? enUS : zhCN} theme={themeConfig} componentSize="middle" button={{ autoInsertSpace: false }}>
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <App />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

const el = document.getElementById('root');
if (!el) throw new Error('#root missing');
createRoot(el).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
