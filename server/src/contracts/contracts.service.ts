import { Inject, Injectable, Logger, StreamableFile } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  CONTRACT_KINDS,
  CONTRACT_KIND_LABELS,
  CONTRACT_REVIEW_DAYS,
  type Contract,
  type ContractAttachment,
  type ContractKind,
  type ContractResolution,
  type ContractStatus,
  type Page,
} from '@xst/shared-types';
import { keysetPage, type SortKey } from '../common/paging.js';
import path from 'node:path';
import { Brackets, In, type EntityManager, type Repository, type SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthContext } from '../common/auth.js';
import { addDays, Clock, daysBetween, shanghaiDate } from '../common/clock.js';
import { DomainError, forbidden, invalid, notFound, unavailable } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { Transactions } from '../database/transactions.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { OrganizationsService } from '../regions/organizations.service.js';
import { isWithin, regionRange } from '../regions/region-codes.js';
import { RegionsService } from '../regions/regions.service.js';
import { ATTACHMENT_STORE, type AttachmentStore } from './attachment-store.js';
import {
  contractStatus,
  dateBreaches,
  effectiveOn,
  filingDueOn,
  isCalendarDate,
  objectionPending,
  reviewEndsOn,
} from './contract-rules.js';
import { ContractAttachmentEntity, ContractEntity, ContractPartyEntity } from './contract.entity.js';
import type {
  ContractObjectionDto,
  CreateContractDto,
  CreateContractPackageDto,
  ListContractsQueryDto,
  UpdateContractDto,
} from './contracts.dto.js';

/** A contract as it is about to be written, after the request has been merged with what is stored. */
type Draft = Omit<ContractEntity, 'id' | 'createdAt' | 'updatedAt' | 'createdBy' | 'packageId' | 'effectiveOn' | 'resolution'> & {
  partyOrganizationIds: string[];
};

/** An uploaded file as the upload interceptor hands it over (memory storage). */
export interface UploadedFileData {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** The file types a signed page may come in, recognised by their first bytes rather than by what the phone claims. */
function sniff(buf: Buffer): 'image/jpeg' | 'image/png' | 'application/pdf' | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (buf.length >= 5 && buf.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

/** The name a phone gave the file (the multipart parser decodes it as UTF-8), without folders or control characters. */
function fileName(name: string): string {
  return (
    (
      path
        .basename(name.replace(/\\/g, '/'))
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed from a file name
        .replace(/[\u0000-\u001f]/g, '')
        .slice(-200) || 'file'
    ).trim()
  );
}

/** Newest signed first; the filters on expiry list the nearest expiry first. */
const BY_SIGNING: SortKey<ContractEntity>[] = [
  { column: 'c.signedAt', direction: 'DESC', of: (c) => c.signedAt },
  { column: 'c.id', direction: 'ASC', of: (c) => c.id },
];
const BY_EXPIRY: SortKey<ContractEntity>[] = [
  { column: 'c.expiresAt', direction: 'ASC', of: (c) => c.expiresAt },
  { column: 'c.id', direction: 'ASC', of: (c) => c.id },
];

@Injectable()
export class ContractsService {
  private readonly logger = new Logger('Contracts');

  constructor(
    @InjectRepository(ContractEntity) private readonly contracts: Repository<ContractEntity>,
    @InjectRepository(ContractPartyEntity) private readonly parties: Repository<ContractPartyEntity>,
    @InjectRepository(ContractAttachmentEntity) private readonly attachments: Repository<ContractAttachmentEntity>,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(RegionsService) private readonly regions: RegionsService,
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
    @Inject(InvitationsService) private readonly invitations: InvitationsService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
  ) {}

  private today(): string {
    return shanghaiDate(this.clock.now());
  }

  // ---- what other capabilities read ----

  /** The first signing date of a contract concluded on each of these invitations, by invitation. */
  async firstSignedOn(invitationIds: readonly string[]): Promise<Map<string, string>> {
    if (!invitationIds.length) return new Map();
    const rows = await this.contracts.find({
      select: { invitationId: true, signedAt: true },
      where: { invitationId: In([...invitationIds]) },
      order: { signedAt: 'ASC' },
    });
    const out = new Map<string, string>();
    for (const r of rows) if (r.invitationId && !out.has(r.invitationId)) out.set(r.invitationId, String(r.signedAt));
    return out;
  }

  // ---- reading ----

  /** A contract the caller may see: staff within their region, an enterprise when it is a party; else 404. */
  async visible(auth: AuthContext, id: string): Promise<ContractEntity> {
    const c = await this.contracts.findOneBy({ id });
    if (!c) throw notFound('合同');
    if (auth.role === 'organizer' || auth.role === 'admin') {
      if (isWithin(c.regionCode, auth.regionCode)) return c;
    } else if (auth.role === 'enterprise' && auth.organizationId) {
      const party = await this.parties.findOneBy({ contractId: id, organizationId: auth.organizationId });
      if (party) return c;
    }
    throw notFound('合同');
  }

  private async writable(auth: AuthContext, id: string): Promise<ContractEntity> {
    const c = await this.visible(auth, id);
    if (auth.role !== 'organizer' && auth.role !== 'admin') throw forbidden();
    return c;
  }

  async get(auth: AuthContext, id: string): Promise<Contract> {
    const c = await this.visible(auth, id);
    return (await this.present([c]))[0];
  }

  async list(auth: AuthContext, q: ListContractsQueryDto): Promise<Page<Contract>> {
    const today = this.today();
    const qb = this.contracts.createQueryBuilder('c');
    if (auth.role === 'enterprise') {
      if (!auth.organizationId) return { items: [], total: 0, next: null };
      qb.where('c.id IN (SELECT p.contractId FROM contract_parties p WHERE p.organizationId = :own)', { own: auth.organizationId });
      if (q.regionCode) qb.andWhere('c.regionCode BETWEEN :low AND :high', rangeParams(q.regionCode));
    } else {
      const scope = q.regionCode ?? auth.regionCode;
      if (!scope || !isWithin(scope, auth.regionCode)) throw forbidden('只能查看你所辖地区的合同');
      qb.where('c.regionCode BETWEEN :low AND :high', rangeParams(scope));
    }
    if (q.scope) qb.andWhere('c.scope = :scope', { scope: q.scope });
    if (q.kind) qb.andWhere('c.kind = :kind', { kind: q.kind });
    if (q.organizationId) {
      qb.andWhere('c.id IN (SELECT p2.contractId FROM contract_parties p2 WHERE p2.organizationId = :org)', { org: q.organizationId });
    }
    const notRenewed = 'NOT EXISTS (SELECT 1 FROM contracts r WHERE r.renewsContractId = c.id)';
    if (q.expiringWithinDays !== undefined) {
      qb.andWhere(`c.expiresAt BETWEEN :today AND :horizon AND ${notRenewed}`, { today, horizon: addDays(today, q.expiringWithinDays) });
    }
    if (q.expiredNotRenewed) qb.andWhere(`c.expiresAt < :today AND ${notRenewed}`, { today });
    if (q.status) whereStatus(qb, q.status, today);
    const order = q.expiringWithinDays !== undefined || q.expiredNotRenewed ? BY_EXPIRY : BY_SIGNING;
    return keysetPage(qb, order, q, 100, (rows) => this.present(rows));
  }

  /** Response shapes for a page of contracts: parties, attachments and renewals in one query each. */
  private async present(rows: ContractEntity[]): Promise<Contract[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const links = await this.parties.findBy({ contractId: In(ids) });
    const orgs = await this.organizations.byIds(links.map((p) => p.organizationId));
    const parties = links
      .flatMap((p) => {
        const o = orgs.get(p.organizationId);
        return o ? [{ contractId: p.contractId, id: o.id, name: o.name, type: o.type, isPlatform: Boolean(o.isPlatform) }] : [];
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const attachments = await this.attachments.find({ where: { contractId: In(ids) }, order: { createdAt: 'ASC' } });
    const renewals = await this.contracts.find({ select: { id: true, renewsContractId: true }, where: { renewsContractId: In(ids) } });
    const today = this.today();
    return rows.map((c) => ({
      id: c.id,
      invitationId: c.invitationId,
      packageId: c.packageId,
      scope: c.scope,
      kind: c.kind,
      title: c.title,
      regionCode: c.regionCode,
      parties: parties
        .filter((p) => p.contractId === c.id)
        .map((p) => ({ id: p.id, name: p.name, type: p.type, isPlatform: p.isPlatform })),
      signedAt: c.signedAt,
      effectiveFrom: c.effectiveFrom,
      expiresAt: c.expiresAt,
      enterprisesCovered: c.enterprisesCovered,
      workersCovered: c.workersCovered,
      congressApprovedAt: c.congressApprovedAt,
      resolution: c.resolution ?? null,
      filedAt: c.filedAt,
      objection: c.objectionReceivedAt ? { receivedAt: c.objectionReceivedAt, points: c.objectionPoints ?? '' } : null,
      effectiveOn: c.effectiveOn,
      filingDueOn: filingDueOn(c.signedAt),
      filedLate: Boolean(c.filedAt && c.filedAt > filingDueOn(c.signedAt)),
      filingOverdue: !c.filedAt && today > filingDueOn(c.signedAt),
      reviewEndsOn: c.filedAt ? reviewEndsOn(c.filedAt) : null,
      renewsContractId: c.renewsContractId,
      renewedByContractId: renewals.find((r) => r.renewsContractId === c.id)?.id ?? null,
      status: contractStatus(c, today),
      daysToExpiry: daysBetween(today, c.expiresAt),
      attachments: attachments.filter((a) => a.contractId === c.id).map(toAttachment),
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    }));
  }

  // ---- writing ----

  /** Every rule of a contract, checked before anything is written; the first breach is refused naming its field. */
  private async check(auth: AuthContext, d: Draft, selfId: string | null): Promise<void> {
    if (!(await this.regions.exists(d.regionCode))) throw invalid('regionCode', '地区代码 regionCode 不存在');
    if (!isWithin(d.regionCode, auth.regionCode)) throw invalid('regionCode', '只能登记你所辖地区（regionCode）的合同');
    const breach = dateBreaches(d, this.today())[0];
    if (breach) throw invalid(breach.field, breach.message);
    const parties = [...(await this.organizations.byIds(d.partyOrganizationIds)).values()];
    if (parties.length !== d.partyOrganizationIds.length || parties.some((o) => !isWithin(o.regionCode, auth.regionCode))) {
      throw invalid('partyOrganizationIds', '签约方 partyOrganizationIds 中有组织不存在或无权查看');
    }
    if (d.scope === 'new_employment' && !parties.some((o) => o.type === 'enterprise')) {
      throw invalid('partyOrganizationIds', '新就业形态集体合同的签约方 partyOrganizationIds 应至少有一家平台企业或其合作用工企业');
    }
    if (d.renewsContractId) await this.checkRenewal(auth, d, selfId);
    if (d.invitationId) await this.checkInvitation(auth, d.invitationId);
  }

  private async checkRenewal(auth: AuthContext, d: Draft, selfId: string | null): Promise<void> {
    if (d.renewsContractId === selfId) throw invalid('renewsContractId', '合同不能续签它自己（renewsContractId）');
    const renewed = await this.contracts.findOneBy({ id: d.renewsContractId! });
    if (!renewed || !isWithin(renewed.regionCode, auth.regionCode))
      throw invalid('renewsContractId', '续签的原合同 renewsContractId 不存在或无权查看');
    if (renewed.kind !== d.kind) throw invalid('renewsContractId', '续签合同应与原合同 renewsContractId 的种类相同');
    if (d.signedAt < renewed.signedAt) throw invalid('renewsContractId', '续签合同的签订日期不能早于原合同 renewsContractId');
    const other = await this.contracts.findOneBy({ renewsContractId: renewed.id });
    if (other && other.id !== selfId) throw invalid('renewsContractId', '原合同 renewsContractId 已经有续签合同了');
  }

  /** A contract may name the invitation it concludes: one the caller may see (invitation-access.ts), accepted. */
  private async checkInvitation(auth: AuthContext, invitationId: string): Promise<void> {
    const inv = await this.invitations.findVisible(auth, invitationId);
    if (!inv) throw invalid('invitationId', '要约 invitationId 不存在或无权查看');
    if (inv.status !== 'accepted') throw invalid('invitationId', '只有对方已应约的要约 invitationId 才能签订集体合同');
  }

  /** Approval is a congress held here: a date typed into a request is refused unless it is the one already stored. */
  private refuseTypedApproval(given: string | null | undefined, stored: string | null): void {
    if (given !== undefined && given !== null && given !== stored) {
      throw invalid(
        'congressApprovedAt',
        '职代会通过日期 congressApprovedAt 不能手工填写：合同草案须经本系统的职工代表大会表决通过，通过后由表决决议登记合同',
      );
    }
  }

  private row(auth: AuthContext, d: Draft, packageId: string | null): ContractEntity {
    return this.contracts.create({
      id: newId(),
      invitationId: d.invitationId ?? null,
      packageId,
      scope: d.scope,
      kind: d.kind,
      title: d.title.trim(),
      regionCode: d.regionCode,
      signedAt: d.signedAt,
      effectiveFrom: d.effectiveFrom,
      expiresAt: d.expiresAt,
      enterprisesCovered: d.enterprisesCovered,
      workersCovered: d.workersCovered,
      congressApprovedAt: d.congressApprovedAt ?? null,
      filedAt: d.filedAt ?? null,
      objectionReceivedAt: null,
      objectionPoints: null,
      effectiveOn: effectiveOn({ ...d, filedAt: d.filedAt ?? null, objectionReceivedAt: null }),
      renewsContractId: d.renewsContractId ?? null,
      resolution: null,
      createdBy: auth.userId,
    });
  }

  private async insert(em: EntityManager, auth: AuthContext, row: ContractEntity, partyIds: string[], action: string): Promise<void> {
    await em.insert(ContractEntity, row);
    await em.insert(
      ContractPartyEntity,
      partyIds.map((organizationId) => ({ contractId: row.id, organizationId })),
    );
    await this.audit.record(em, auth, {
      entity: 'contract',
      entityId: row.id,
      action,
      regionCode: row.regionCode,
      after: { ...row, partyOrganizationIds: partyIds },
    });
  }

  async create(auth: AuthContext, dto: CreateContractDto): Promise<Contract> {
    this.refuseTypedApproval(dto.congressApprovedAt, null);
    const draft = draftOf(dto);
    await this.check(auth, draft, null);
    const row = this.row(auth, draft, null);
    await this.tx.run((em) => this.insert(em, auth, row, draft.partyOrganizationIds, 'created'));
    return this.get(auth, row.id);
  }

  /** A "1+3" package: the four contracts in one transaction, each a contract of its own for the statistics. */
  async createPackage(auth: AuthContext, dto: CreateContractPackageDto): Promise<Contract[]> {
    this.refuseTypedApproval(dto.congressApprovedAt, null);
    const items = dto.items ?? [];
    if (new Set(items.map((i) => i.kind)).size !== items.length) throw invalid('items', '“1+3”合同 items 中每种合同只能出现一次');
    const drafts = CONTRACT_KINDS.map((kind) => {
      const item = items.find((i) => i.kind === kind);
      return draftOf({
        ...dto,
        kind,
        title: item?.title ?? `${dto.title.trim()}·${CONTRACT_KIND_LABELS[kind]}`,
        enterprisesCovered: item?.enterprisesCovered ?? dto.enterprisesCovered,
        workersCovered: item?.workersCovered ?? dto.workersCovered,
      });
    });
    for (const d of drafts) await this.check(auth, d, null);
    const packageId = newId();
    const rows = drafts.map((d) => this.row(auth, d, packageId));
    await this.tx.run(async (em) => {
      for (const [i, row] of rows.entries()) await this.insert(em, auth, row, drafts[i].partyOrganizationIds, 'created_in_package');
    });
    return this.present(await this.contracts.findBy({ packageId }).then((found) => rows.map((r) => found.find((f) => f.id === r.id)!)));
  }

  async update(auth: AuthContext, id: string, dto: UpdateContractDto): Promise<Contract> {
    const current = await this.writable(auth, id);
    this.refuseTypedApproval(dto.congressApprovedAt, current.congressApprovedAt);
    const partyIds = dto.partyOrganizationIds ?? (await this.partyIds(id));
    const given = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as UpdateContractDto;
    const draft: Draft = { ...current, ...given, partyOrganizationIds: partyIds };
    await this.check(auth, draft, id);
    // A pending objection stays pending until the contract is filed again after it.
    const before = { ...(await this.get(auth, id)) };
    await this.tx.run(async (em) => {
      const { partyOrganizationIds: _, ...fields } = draft;
      const next = { ...fields, effectiveOn: effectiveOn(draft) };
      await em.update(ContractEntity, { id }, next);
      if (dto.partyOrganizationIds) {
        await em.delete(ContractPartyEntity, { contractId: id });
        await em.insert(
          ContractPartyEntity,
          partyIds.map((organizationId) => ({ contractId: id, organizationId })),
        );
      }
      await this.audit.record(em, auth, {
        entity: 'contract',
        entityId: id,
        action: 'updated',
        regionCode: draft.regionCode,
        before,
        after: { ...next, partyOrganizationIds: partyIds },
      });
    });
    return this.get(auth, id);
  }

  /**
   * A contract signed after a congress adopted its draft, recorded inside the caller's transaction with the
   * resolution: congressApprovedAt is the day of the decision. Checked by the same rules as any contract.
   */
  async recordAdopted(
    em: EntityManager,
    auth: AuthContext,
    fields: Omit<CreateContractDto, 'congressApprovedAt' | 'renewsContractId' | 'filedAt'>,
    resolution: ContractResolution,
  ): Promise<string> {
    const draft = draftOf({ ...fields, congressApprovedAt: resolution.decidedOn });
    await this.check(auth, draft, null);
    const row = { ...this.row(auth, draft, null), resolution };
    await this.insert(em, auth, row, draft.partyOrganizationIds, 'recorded_from_congress');
    return row.id;
  }

  /** The labour administration's 审查意见书 (art. 45): the contract goes back to renegotiation until filed again. */
  async objection(auth: AuthContext, id: string, dto: ContractObjectionDto): Promise<Contract> {
    const c = await this.writable(auth, id);
    if (!isCalendarDate(dto.receivedAt)) throw invalid('receivedAt', '收到审查意见书的日期 receivedAt 不是有效的日期');
    if (!c.filedAt) throw invalid('receivedAt', '合同尚未报送审查（filedAt 为空），不能登记审查意见');
    if (objectionPending(c)) throw invalid('receivedAt', '这份合同已有审查意见，重新报送审查（修改 filedAt）后才能登记新的审查意见');
    if (dto.receivedAt > this.today()) throw invalid('receivedAt', '收到审查意见书的日期 receivedAt 不能晚于今天');
    const deadline = reviewEndsOn(c.filedAt);
    if (dto.receivedAt < c.filedAt || dto.receivedAt > deadline) {
      throw invalid(
        'receivedAt',
        `审查意见应在报送后 ${CONTRACT_REVIEW_DAYS} 日内提出：receivedAt 应在 ${c.filedAt} 至 ${deadline} 之间，逾期未提出异议的合同已经生效`,
      );
    }
    await this.tx.run(async (em) => {
      await em.update(
        ContractEntity,
        { id },
        { objectionReceivedAt: dto.receivedAt, objectionPoints: dto.points.trim(), effectiveOn: null },
      );
      await this.audit.record(em, auth, {
        entity: 'contract',
        entityId: id,
        action: 'objection_recorded',
        regionCode: c.regionCode,
        before: { effectiveOn: c.effectiveOn },
        after: dto,
      });
    });
    return this.get(auth, id);
  }

  private async partyIds(contractId: string): Promise<string[]> {
    return (await this.parties.findBy({ contractId })).map((p) => p.organizationId);
  }

  // ---- attachments ----

  async addAttachment(auth: AuthContext, id: string, file: UploadedFileData | undefined): Promise<ContractAttachment> {
    const c = await this.writable(auth, id);
    if (!file?.buffer?.length) throw invalid('file', '请选择要上传的文件（file）');
    const type = sniff(file.buffer);
    if (!type) throw invalid('file', '只能上传 JPG、PNG 图片或 PDF 文件（file）');
    const attachmentId = newId();
    const storageKey = `contracts/${c.id}/${attachmentId}`;
    // The bytes first, then the row: a row never points at nothing, and bytes whose row failed are removed.
    await this.storeCall('put', storageKey, () => this.store.put(storageKey, file.buffer, type));
    const row = this.attachments.create({
      id: attachmentId,
      contractId: c.id,
      fileName: fileName(file.originalname),
      mimeType: type,
      size: file.buffer.length,
      storageKey,
      uploadedBy: auth.userId,
    });
    try {
      await this.tx.run(async (em) => {
        await em.insert(ContractAttachmentEntity, row);
        await this.audit.record(em, auth, {
          entity: 'contract',
          entityId: c.id,
          action: 'attachment_added',
          regionCode: c.regionCode,
          after: { attachmentId, fileName: row.fileName, mimeType: type, size: row.size },
        });
      });
    } catch (e) {
      await this.store
        .delete(storageKey)
        .catch((err) => this.logger.error(`could not remove ${storageKey} after a failed write: ${describe(err)}`));
      throw e;
    }
    return toAttachment(await this.attachments.findOneByOrFail({ id: attachmentId }));
  }

  /** A call to the attachment store; a store that fails or does not answer is a 503 the phone can retry. */
  private async storeCall<T>(op: string, key: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (e instanceof DomainError) throw e;
      this.logger.error(`attachment store ${op} ${key} failed: ${describe(e)}`);
      throw unavailable('attachment_store_unavailable', '附件存储暂时不可用，请稍后再试');
    }
  }

  async attachment(auth: AuthContext, id: string, attachmentId: string): Promise<StreamableFile> {
    await this.visible(auth, id);
    const a = await this.attachments.findOneBy({ id: attachmentId, contractId: id });
    const bytes = a && (await this.storeCall('get', a.storageKey, () => this.store.get(a.storageKey)));
    if (!a || !bytes) throw notFound('附件');
    return new StreamableFile(bytes, {
      type: a.mimeType,
      length: bytes.length,
      disposition: `attachment; filename="${a.id}${extensionOf(a.mimeType)}"; filename*=UTF-8''${encodeURIComponent(a.fileName)}`,
    });
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function extensionOf(mime: string): string {
  return mime === 'image/jpeg' ? '.jpg' : mime === 'image/png' ? '.png' : '.pdf';
}

function toAttachment(a: ContractAttachmentEntity): ContractAttachment {
  return { id: a.id, fileName: a.fileName, mimeType: a.mimeType, size: a.size, createdAt: a.createdAt.toISOString() };
}

function rangeParams(code: string): { low: string; high: string } {
  const [low, high] = regionRange(code);
  return { low, high };
}

function draftOf(dto: CreateContractDto | (CreateContractPackageDto & { kind: ContractKind })): Draft {
  return {
    invitationId: dto.invitationId ?? null,
    scope: dto.scope,
    kind: dto.kind,
    title: dto.title,
    regionCode: dto.regionCode,
    partyOrganizationIds: dto.partyOrganizationIds,
    signedAt: dto.signedAt,
    effectiveFrom: dto.effectiveFrom,
    expiresAt: dto.expiresAt,
    enterprisesCovered: dto.enterprisesCovered,
    workersCovered: dto.workersCovered,
    congressApprovedAt: dto.congressApprovedAt ?? null,
    filedAt: dto.filedAt ?? null,
    objectionReceivedAt: null,
    objectionPoints: null,
    renewsContractId: 'renewsContractId' in dto ? (dto.renewsContractId ?? null) : null,
  };
}

/** The derived status as SQL over the stored dates (mirrors contractStatus in contract-rules.ts). */
function whereStatus(qb: SelectQueryBuilder<ContractEntity>, status: ContractStatus, today: string): void {
  const pending = 'c.objectionReceivedAt IS NOT NULL AND (c.filedAt IS NULL OR c.filedAt <= c.objectionReceivedAt)';
  const live = 'c.expiresAt >= :today';
  const where: Record<ContractStatus, string> = {
    drafted: '1 = 0',
    approved: '1 = 0',
    expired: 'c.expiresAt < :today',
    renegotiation: `${live} AND ${pending}`,
    effective: `${live} AND c.effectiveOn IS NOT NULL AND c.effectiveOn <= :today`,
    filed: `${live} AND c.effectiveOn IS NOT NULL AND c.effectiveOn > :today`,
    signed: `${live} AND c.filedAt IS NULL`,
  };
  qb.andWhere(new Brackets((b) => b.where(where[status], { today })));
}
