// The region tree is static reference data (GB/T 2260): read once, answered from memory.
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Region, RegionLevel } from '@xst/shared-types';
import type { Repository } from 'typeorm';
import { RegionEntity } from './region.entity.js';

@Injectable()
export class RegionsService {
  private byCode: Map<string, Region> | null = null;
  private loading: Promise<Map<string, Region>> | null = null;

  constructor(@InjectRepository(RegionEntity) private readonly regions: Repository<RegionEntity>) {}

  private async tree(): Promise<Map<string, Region>> {
    if (this.byCode) return this.byCode;
    this.loading ??= this.regions
      .find({ order: { code: 'ASC' } })
      .then((rows) => (this.byCode = new Map(rows.map((r) => [r.code, { ...r }]))));
    return this.loading;
  }

  async get(code: string): Promise<Region | null> {
    return (await this.tree()).get(code) ?? null;
  }

  async exists(code: string): Promise<boolean> {
    return (await this.tree()).has(code);
  }

  async name(code: string): Promise<string | null> {
    return (await this.get(code))?.name ?? null;
  }

  async level(code: string): Promise<RegionLevel | null> {
    return (await this.get(code))?.level ?? null;
  }

  async children(parent: string | null): Promise<Region[]> {
    return [...(await this.tree()).values()].filter((r) => r.parentCode === parent);
  }

  /** "四川省 成都市 锦江区" style full name. */
  async fullName(code: string): Promise<string> {
    const tree = await this.tree();
    const parts: string[] = [];
    for (let r = tree.get(code); r; r = r.parentCode ? tree.get(r.parentCode) : undefined) parts.unshift(r.name);
    return parts.join(' ');
  }
}
