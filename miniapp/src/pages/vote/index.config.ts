export default definePageConfig({
  navigationBarTitleText: '参与投票',
  // A rider can send the consultation on to a chat: the card opens this page.
  enableShareAppMessage: true,
})
