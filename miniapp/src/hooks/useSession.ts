import { useEffect, useState } from 'react'
import type { User } from '@xst/shared-types'
import { getCachedUser, getToken, onSessionChange } from '../api/session'

/** The signed-in user as last known (null when signed out); re-renders on sign-in, sign-out and profile edits. */
export function useSession(): User | null {
  const [user, setUser] = useState<User | null>(() => (getToken() ? getCachedUser() : null))
  useEffect(() => onSessionChange(setUser), [])
  return user
}

/** A worker must say their industry and city before voting: it decides which consultations are theirs. */
export function needsProfile(user: User | null): boolean {
  return !!user && user.role === 'worker' && (!user.industry || !user.regionCode)
}
