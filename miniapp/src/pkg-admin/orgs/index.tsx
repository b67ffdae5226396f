// 企业名录: the enterprises and associations of the staff member's region, as the ledger (附件2) lists them, with a
// way to register one and to correct one (name, industry, union and its founding date, key enterprise…).
import { useState } from 'react'
import { Input, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { ENTERPRISE_INDUSTRY_LABELS, ORGANIZATION_TYPE_LABELS, type Organization, type OrganizationType } from '@xst/shared-types'
import { listOrganizations } from '../../api/organizations'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { Chips } from '../../components/Chips'
import { ErrorState, StateView } from '../../components/StateView'
import { ListMore } from '../../components/ListMore'
import { usePaged } from '../../hooks/usePaged'
import { useSession } from '../../hooks/useSession'
import { ROUTES, go } from '../../utils/nav'
import { formatDay } from '../../utils/time'
import { ORG_ROUTES } from '../routes'
import './index.css'
import { pageStyle } from '../../utils/comfort'
import { a11y } from '../../utils/a11y'

function tags(o: Organization): string[] {
  const out: string[] = []
  if (o.isPlatform) out.push('平台企业')
  if (o.isKeyEnterprise) out.push('重点企业')
  out.push(o.hasUnion ? (o.unionisedAt ? `${formatDay(o.unionisedAt)}建会` : '已建工会') : '未建工会')
  return out
}

export default function Organizations() {
  const user = useSession()
  const staff = user?.role === 'organizer' || user?.role === 'admin'
  const [type, setType] = useState<OrganizationType>('enterprise')
  const [search, setSearch] = useState('')
  const [q, setQ] = useState('')
  const list = usePaged((cursor, limit) => listOrganizations({ type, ...(q ? { q } : {}), cursor, limit }), [user?.id, type, q], staff)
  usePullDownRefresh(async () => {
    await list.reload()
    Taro.stopPullDownRefresh()
  })

  if (!staff) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          status="empty"
          title="需要工作人员账号"
          message="工会工作人员或总工会管理员登录后，才能查看和维护企业名录。"
          action={
            <Button id="orgs-go-login" onClick={() => go(ROUTES.login)}>
              去登录
            </Button>
          }
        />
      </View>
    )
  }

  const items = list.items ?? []
  return (
    <View className="page" style={pageStyle()}>
      <View className="page-lead">本地区及下属地区的企业和行业协会。统计报表和工作台账按这里的信息分类。</View>
      <Chips
        idPrefix="orgs-type"
        options={(user.role === 'admin' ? (['enterprise', 'association', 'union'] as const) : (['enterprise', 'association'] as const)).map(
          (t) => ({ value: t, label: ORGANIZATION_TYPE_LABELS[t] }),
        )}
        selected={[type]}
        onToggle={(t) => setType(t as OrganizationType)}
      />
      <View className="orgs-search">
        <Input
          id="orgs-search"
          className="xfield-input grow"
          value={search}
          placeholder="按名称查找"
          confirmType="search"
          onInput={(e) => setSearch(e.detail.value)}
          onConfirm={() => setQ(search.trim())}
        />
        <View
          {...a11y('button')}
          id="orgs-search-go"
          className="orgs-search-go"
          hoverClass="orgs-hover"
          onClick={() => setQ(search.trim())}
        >
          查找
        </View>
      </View>
      <Button id="orgs-new" onClick={() => go(ORG_ROUTES.form(undefined, type))}>
        登记{ORGANIZATION_TYPE_LABELS[type]}
      </Button>

      {list.loading && !list.items ? (
        <StateView status="loading" />
      ) : list.error && !list.items ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : items.length === 0 ? (
        <StateView
          status="empty"
          id="orgs-empty"
          title={q ? `没有找到“${q}”` : `还没有登记${ORGANIZATION_TYPE_LABELS[type]}`}
          message={q ? '换个关键字试试。' : '登记后，合同、要约和统计就能选到它。'}
        />
      ) : (
        <View className="orgs-list" id="orgs-list">
          {items.map((o) => (
            <Card key={o.id} className="orgs-item" id={`orgs-item-${o.id}`} onClick={() => go(ORG_ROUTES.form(o.id))}>
              <View className="orgs-name">{o.name}</View>
              <View className="muted">
                {o.industry ? ENTERPRISE_INDUSTRY_LABELS[o.industry] : o.type === 'union' ? '工会' : '未填行业'}
                {o.employees !== null ? ` · ${o.employees} 人` : ''}
                {o.contactPhone ? ` · 联系手机 ${o.contactPhone}` : ''}
              </View>
              {o.type !== 'union' && (
                <View className="orgs-tags">
                  {tags(o).map((t) => (
                    <View key={t} className="badge badge-grey orgs-tag">
                      {t}
                    </View>
                  ))}
                </View>
              )}
            </Card>
          ))}
          <ListMore list={list} id="orgs" unit="个" />
        </View>
      )}
    </View>
  )
}
