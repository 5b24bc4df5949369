import Taro from '@tarojs/taro'
import { api } from './api'
import { consentTapHandler, createConsent, type ConsentOutcome, type SubscribeApi } from './consent'
import { taroStorage } from './taro-transport'

/** The app's consent controller; template ids are preloaded at launch (app.tsx). */
export const consent = createConsent({ wx: Taro as unknown as SubscribeApi, api, storage: taroStorage })

/** Tap handler for 开启新闻提醒 buttons (mine page, end of an article, end of a quiz). */
export const askNewsReminders = (onDone?: (outcome: ConsentOutcome) => void) =>
  consentTapHandler(consent, (title, outcome) => {
    void Taro.showToast({ title, icon: 'none' })
    onDone?.(outcome)
  })
