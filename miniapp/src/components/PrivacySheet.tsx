// The product's own answer to WeChat's privacy request: what the guide covers, a link to it, 同意 and 不同意.
// Put it on every page that calls a privacy API (profile, photos); it shows only while WeChat waits for an answer.
import { useEffect, useState } from 'react'
import { Button as NativeButton, Text, View } from '@tarojs/components'
import { answerPrivacy, openPrivacyGuide, watchPrivacyRequests } from '../utils/privacy'
import { a11y } from '../utils/a11y'
import { Button } from './Button'
import './PrivacySheet.css'

export function PrivacySheet({ purpose }: { purpose: string }) {
  const [open, setOpen] = useState(false)
  useEffect(() => watchPrivacyRequests(setOpen), [])
  if (!open) return null
  return (
    <View className="xsheet-mask" catchMove>
      <View className="xsheet privacy-sheet" id="privacy-sheet" {...a11y('dialog', '隐私保护提示')}>
        <View className="privacy-title">先看一下隐私保护指引</View>
        <View className="privacy-text">
          {purpose}前，请你阅读并同意
          <Text
            className="privacy-link"
            id="privacy-open-guide"
            {...a11y('link', '打开协商通小程序隐私保护指引')}
            onClick={openPrivacyGuide}
          >
            《协商通小程序隐私保护指引》
          </Text>
          。你的投票只用来统计，没人能看到你选了什么。
        </View>
        <View className="privacy-actions">
          <NativeButton
            id="privacy-agree"
            className="privacy-agree"
            // WeChat's own button: tapping it is the agreement WeChat records.
            openType={'agreePrivacyAuthorization' as 'share'}
            onAgreePrivacyAuthorization={() => answerPrivacy(true, 'privacy-agree')}
            {...a11y('button', '同意隐私保护指引并继续')}
          >
            同意并继续
          </NativeButton>
          <Button id="privacy-decline" type="plain" onClick={() => answerPrivacy(false)}>
            不同意
          </Button>
        </View>
      </View>
    </View>
  )
}
