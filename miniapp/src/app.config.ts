// Worker pages live in the main package; staff pages in subpackages (分包) so a rider's first download stays small.
const weapp = process.env.TARO_ENV === 'weapp'

/**
 * Colours of WeChat's own bars: in the weapp build `@name`s of theme.json, light and dark (darkmode follows the
 * phone); H5 draws its bars from the CSS and takes the light colours.
 */
const bar = (name: string, light: string) => (weapp ? `@${name}` : light)

export default defineAppConfig({
  pages: [
    'pages/consultations/index',
    'pages/negotiation/index',
    'pages/me/index',
    'pages/login/index',
    'pages/profile/index',
    'pages/vote/index',
    'pages/result/index',
    'pages/history/index',
    'pages/congress/index',
    'pages/verify/index',
    'pages/petitions/index',
    'pages/petition/index',
  ],
  subPackages: [
    { root: 'pkg-organizer', pages: ['home/index', 'create/index', 'results/index', 'edit/index', 'moderation/index', 'roll/index'] },
    { root: 'pkg-admin', pages: ['home/index', 'stats/index', 'orgs/index', 'org-form/index'] },
    { root: 'pkg-enterprise', pages: ['home/index'] },
    {
      root: 'pkg-sessions',
      pages: ['sessions/index', 'session-form/index', 'publish/index', 'contracts/index', 'contract-form/index', 'contract/index'],
    },
    { root: 'pkg-invitations', pages: ['list/index', 'compose/index', 'detail/index'] },
    { root: 'pkg-congress', pages: ['list/index', 'draft/index', 'congress-form/index', 'congress/index', 'record/index'] },
  ],
  window: {
    backgroundTextStyle: bar('bgTextStyle', 'dark') as 'dark',
    backgroundColor: bar('bgColor', '#f4f4f5'),
    navigationBarBackgroundColor: bar('navBgColor', '#b3261e'),
    navigationBarTitleText: '协商通',
    navigationBarTextStyle: bar('navTextStyle', 'white') as 'white',
    // Explicit so the H5 build shows its title bar with a back button (Taro's H5 router hides it when unset).
    navigationStyle: 'default',
  },
  tabBar: {
    color: bar('tabColor', '#555555'),
    selectedColor: bar('tabSelectedColor', '#b3261e'),
    backgroundColor: bar('tabBgColor', '#ffffff'),
    borderStyle: bar('tabBorderStyle', 'black') as 'black',
    list: [
      {
        pagePath: 'pages/consultations/index',
        text: '议题',
        iconPath: 'assets/tab-topics.png',
        selectedIconPath: 'assets/tab-topics-on.png',
      },
      { pagePath: 'pages/negotiation/index', text: '协商', iconPath: 'assets/tab-talks.png', selectedIconPath: 'assets/tab-talks-on.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab-me.png', selectedIconPath: 'assets/tab-me-on.png' },
    ],
  },
  ...(weapp
    ? {
        darkmode: true,
        themeLocation: 'theme.json',
        // WeChat's privacy check: privacy APIs wait for the user's agreement (utils/privacy.ts answers for the app).
        __usePrivacyCheck__: true,
      }
    : {}),
})
