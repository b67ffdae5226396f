// 集体合同: the region's contracts with 即将到期 / 到期未续签 badges, filtered as the campaign asks for them.
import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { ContractKind, ContractScope } from '@xst/shared-types'
import {
  CONTRACT_KIND_LABELS,
  CONTRACT_KINDS,
  CONTRACT_RENEWAL_WINDOW_DAYS,
  CONTRACT_SCOPES,
  CONTRACT_STATUS_LABELS,
  SCOPE_LABELS,
} from '@xst/shared-types'
import { listContracts } from '../../api/contracts'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { Chips } from '../../components/Chips'
import { ErrorState, StaleBanner, StateView } from '../../components/StateView'
import { ListMore } from '../../components/ListMore'
import { usePaged } from '../../hooks/usePaged'
import { useSession } from '../../hooks/useSession'
import { go } from '../../utils/nav'
import { SESSION_ROUTES, expiryBadge, formatDay } from '../shared'
import '../styles.css'
import { pageStyle } from '../../utils/comfort'

type Due = 'all' | 'expiring' | 'expired'

export default function ContractsPage() {
  const user = useSession()
  const staff = user?.role === 'organizer' || user?.role === 'admin'
  const [due, setDue] = useState<Due>('all')
  const [scope, setScope] = useState<ContractScope | 'all'>('all')
  const [kind, setKind] = useState<ContractKind | 'all'>('all')
  const list = usePaged(
    (cursor, limit) =>
      listContracts({
        scope: scope === 'all' ? undefined : scope,
        kind: kind === 'all' ? undefined : kind,
        expiringWithinDays: due === 'expiring' ? CONTRACT_RENEWAL_WINDOW_DAYS : undefined,
        expiredNotRenewed: due === 'expired' ? true : undefined,
        cursor,
        limit,
      }),
    [user?.id, due, scope, kind],
    staff,
  )
  usePullDownRefresh(async () => {
    await list.reload()
    Taro.stopPullDownRefresh()
  })

  if (!staff)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="需要工会工作人员账号" />
      </View>
    )

  const items = list.items ?? []
  const filtered = due !== 'all' || scope !== 'all' || kind !== 'all'
  return (
    <View className="page" style={pageStyle()}>
      <View className="page-title">集体合同</View>
      <View className="page-lead">合同到期前 3 个月内可以提出续签。</View>
      <Button id="contract-new" onClick={() => go(SESSION_ROUTES.contractForm())}>
        登记集体合同
      </Button>

      <View className="section-title">筛选</View>
      <View className="ps-filters">
        <Chips
          idPrefix="contract-due"
          options={[
            { value: 'all', label: '全部' },
            { value: 'expiring', label: '即将到期' },
            { value: 'expired', label: '到期未续签' },
          ]}
          selected={[due]}
          onToggle={(v) => setDue(v as Due)}
        />
        <View className="ps-gap" />
        <Chips
          idPrefix="contract-scope"
          options={[{ value: 'all', label: '全部类别' }, ...CONTRACT_SCOPES.map((s) => ({ value: s, label: SCOPE_LABELS[s] }))]}
          selected={[scope]}
          onToggle={(v) => setScope(v as ContractScope | 'all')}
        />
        <View className="ps-gap" />
        <Chips
          idPrefix="contract-kind"
          options={[
            { value: 'all', label: '全部种类' },
            ...CONTRACT_KINDS.map((k) => ({ value: k, label: CONTRACT_KIND_LABELS[k].replace('集体合同', '') })),
          ]}
          selected={[kind]}
          onToggle={(v) => setKind(v as ContractKind | 'all')}
        />
      </View>

      {list.items && <StaleBanner error={list.error} onRetry={list.reload} />}
      {list.loading && !list.items ? (
        <StateView status="loading" />
      ) : list.error && !list.items ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : items.length === 0 ? (
        <StateView
          status="empty"
          id="contracts-empty"
          title={
            due === 'expiring'
              ? '近 3 个月没有要到期的合同'
              : due === 'expired'
                ? '没有到期未续签的合同'
                : filtered
                  ? '没有符合条件的合同'
                  : '还没有登记合同'
          }
          message={filtered ? '换个筛选条件看看。' : '双方签字后，点“登记集体合同”记下来，统计表会自动计入。'}
        />
      ) : (
        <>
          <View className="ps-count">共 {list.total} 份</View>
          {items.map((c) => {
            const b = expiryBadge(c)
            return (
              <Card
                key={c.id}
                id={`contract-${c.id}`}
                className={`ps-contract ${b ? `contract-${b.key}` : ''}`}
                title={c.title}
                onClick={() => go(SESSION_ROUTES.contract(c.id))}
              >
                <View className="muted">
                  {CONTRACT_KIND_LABELS[c.kind]} · {SCOPE_LABELS[c.scope]}
                </View>
                <View className="muted">
                  {formatDay(c.signedAt)} 签订 · {formatDay(c.expiresAt)} 到期
                </View>
                <View className="muted">
                  覆盖 {c.enterprisesCovered} 家企业、{c.workersCovered} 名职工
                </View>
                <View className="ps-badges">
                  <View
                    className={`badge ${c.status === 'effective' ? 'badge-green' : c.status === 'expired' || c.status === 'renegotiation' ? '' : 'badge-blue'}`}
                  >
                    {CONTRACT_STATUS_LABELS[c.status]}
                  </View>
                  {b && <View className={`badge ${b.cls} badge-${b.key}`}>{b.label}</View>}
                  {c.renewedByContractId && <View className="badge badge-grey">已续签</View>}
                  {c.packageId && <View className="badge badge-grey">“1+3”</View>}
                  {c.attachments.length > 0 && <View className="badge badge-grey">{c.attachments.length} 张照片</View>}
                </View>
              </Card>
            )
          })}
          <ListMore list={list} id="contracts" unit="份" />
        </>
      )}
    </View>
  )
}
