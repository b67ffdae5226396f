// Province → city → county, one tap per level, from /api/regions. A city is enough; the county is optional.
import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import type { Region } from '@xst/shared-types'
import { chainOf, childrenOf, regionFullName } from '../utils/regions'
import { messageOf } from '../api/errors'
import { Button } from './Button'
import { ChoiceRow } from './Field'
import { Sheet } from './Sheet'
import { StateView } from './StateView'
import { a11y } from '../utils/a11y'

export interface RegionPickerProps {
  label?: string
  value: string | null
  onChange: (code: string, fullName: string) => void
  hint?: string
  error?: string
  id?: string
}

export function RegionPicker({ label = '所在城市', value, onChange, hint, error, id = 'region-picker' }: RegionPickerProps) {
  const [open, setOpen] = useState(false)
  const [valueName, setValueName] = useState('')
  const [path, setPath] = useState<Region[]>([])
  const [options, setOptions] = useState<Region[] | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    if (value) regionFullName(value).then((n) => live && setValueName(n))
    else setValueName('')
    return () => {
      live = false
    }
  }, [value])

  const load = async (parent: Region | null) => {
    setOptions(null)
    setLoadError(null)
    try {
      setOptions(await childrenOf(parent?.code ?? null))
    } catch (e) {
      setLoadError(messageOf(e))
    }
  }

  /** Opens where the current choice is (its city's counties), so changing a county is one tap, not three. */
  const openSheet = async () => {
    setOpen(true)
    setPath([])
    if (value) {
      try {
        const ancestors: Region[] = []
        let parent: string | null = null
        for (const code of chainOf(value).slice(0, 2)) {
          const found = (await childrenOf(parent)).find((r) => r.code === code)
          if (!found || found.code === value) break
          ancestors.push(found)
          parent = code
        }
        if (ancestors.length) {
          setPath(ancestors)
          return void load(ancestors[ancestors.length - 1])
        }
      } catch {
        // Fall back to the province list below.
      }
    }
    void load(null)
  }

  const finish = (chosen: Region[]) => {
    const last = chosen[chosen.length - 1]
    setOpen(false)
    setValueName(chosen.map((r) => r.name).join(' '))
    onChange(last.code, chosen.map((r) => r.name).join(' '))
  }

  const choose = async (code: string) => {
    const region = options?.find((r) => r.code === code)
    if (!region) return
    const next = [...path, region]
    if (region.level === 'county') return finish(next)
    setPath(next)
    setOptions(null)
    setLoadError(null)
    try {
      const kids = await childrenOf(region.code)
      // A city without counties (e.g. 东莞市) is the final choice.
      if (kids.length === 0 && region.level === 'city') return finish(next)
      setOptions(kids)
    } catch (e) {
      setLoadError(messageOf(e))
    }
  }

  const back = (depth: number) => {
    const next = path.slice(0, depth)
    setPath(next)
    void load(next[next.length - 1] ?? null)
  }

  const city = path.find((r) => r.level === 'city')
  const step = path.length === 0 ? '选择省份' : path[path.length - 1].level === 'province' ? '选择城市' : '选择区县'

  return (
    <>
      <ChoiceRow
        id={id}
        label={label}
        value={valueName}
        placeholder="请选择省、市"
        onClick={() => void openSheet()}
        hint={hint}
        error={error}
      />
      <Sheet
        id="region-sheet"
        open={open}
        title={step}
        onClose={() => setOpen(false)}
        options={options?.map((r) => ({ value: r.code, label: r.name }))}
        selected={value ?? undefined}
        optionClassName="region-option"
        onSelect={(c) => void choose(c)}
        header={
          path.length > 0 && (
            <View className="region-crumbs">
              <View className="region-crumb" onClick={() => back(0)} {...a11y('button', '回到全部地区')}>
                全部
              </View>
              {path.map((r, i) => (
                <View key={r.code} className="region-crumb" onClick={() => back(i + 1)} {...a11y('button', `回到${r.name}`)}>
                  › {r.name}
                </View>
              ))}
              {city && (
                <View className="region-use-city">
                  <Button id="region-use-city" size="small" type="secondary" onClick={() => finish(path.slice(0, path.indexOf(city) + 1))}>
                    {`就选${city.name}，不选区县`}
                  </Button>
                </View>
              )}
            </View>
          )
        }
      >
        {!options && !loadError && <StateView status="loading" />}
        {loadError && <StateView status="error" message={loadError} onRetry={() => void load(path[path.length - 1] ?? null)} />}
      </Sheet>
    </>
  )
}
