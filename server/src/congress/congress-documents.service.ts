import { Inject, Injectable, Logger } from '@nestjs/common';
import { CONTRACT_KIND_LABELS } from '@xst/shared-types';
import type { AuthContext } from '../common/auth.js';
import { conflict, unavailable } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ContractsService } from '../contracts/contracts.service.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { OrganizationsService } from '../regions/organizations.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { filingPacket, resolutionDocx, toPdf } from './congress-documents.js';
import { CongressService, resultOf } from './congress.service.js';
import type { CongressEntity } from './congress.entity.js';
import { DraftsService } from './drafts.service.js';

export interface DownloadFile {
  buffer: Buffer;
  filename: string;
}

@Injectable()
export class CongressDocumentsService {
  private readonly logger = new Logger('CongressDocuments');

  constructor(
    @Inject(CongressService) private readonly congresses: CongressService,
    @Inject(DraftsService) private readonly drafts: DraftsService,
    @Inject(InvitationsService) private readonly invitations: InvitationsService,
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(ContractsService) private readonly contracts: ContractsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async sides(c: CongressEntity): Promise<{ unionName: string; employerName: string }> {
    const inv = (await this.invitations.byIds([c.invitationId])).get(c.invitationId)!;
    const orgs = await this.organizations.byIds([inv.fromOrganizationId, inv.toOrganizationId]);
    const [union, employer] =
      inv.side === 'union' ? [inv.fromOrganizationId, inv.toOrganizationId] : [inv.toOrganizationId, inv.fromOrganizationId];
    return { unionName: orgs.get(union)?.name ?? '', employerName: orgs.get(employer)?.name ?? '' };
  }

  private async resolution(c: CongressEntity): Promise<Buffer> {
    if (!c.closedAt) throw conflict('congress_not_closed', '职代会表决结束后才有决议');
    const { draft } = await this.drafts.forCongress(c.draftId, c.draftVersion);
    return resolutionDocx({
      congressTitle: c.title,
      draftTitle: draft.title,
      draftVersion: c.draftVersion,
      kindLabel: CONTRACT_KIND_LABELS[draft.kind],
      electorate: c.electorateKind,
      ...(await this.sides(c)),
      opensAt: c.opensAt,
      closesAt: c.closesAt,
      venue: c.venue,
      result: resultOf(c),
    });
  }

  private async pdf(docx: Buffer): Promise<Buffer> {
    try {
      return await toPdf(docx, this.config.sofficePath, 'resolution');
    } catch (e) {
      this.logger.error(`printing the resolution to PDF failed: ${e instanceof Error ? e.message : String(e)}`);
      throw unavailable('internal_error', '暂时无法生成 PDF，请先下载 Word 版，稍后再试');
    }
  }

  async resolutionDocx(auth: AuthContext, id: string): Promise<DownloadFile> {
    const c = await this.congresses.forDocuments(auth, id);
    return { buffer: await this.resolution(c), filename: `${c.title}决议.docx` };
  }

  async resolutionPdf(auth: AuthContext, id: string): Promise<DownloadFile> {
    const c = await this.congresses.forDocuments(auth, id);
    return { buffer: await this.pdf(await this.resolution(c)), filename: `${c.title}决议.pdf` };
  }

  async packet(auth: AuthContext, id: string): Promise<DownloadFile> {
    const c = await this.congresses.forDocuments(auth, id);
    if (!c.contractId || !c.filing) throw conflict('congress_not_adopted', '草案经职代会通过并登记合同后，才能生成备案材料');
    const contract = await this.contracts.get(auth, c.contractId);
    const { draft, version } = await this.drafts.forCongress(c.draftId, c.draftVersion);
    const sessions = await this.sessions.listForInvitation(auth, c.invitationId);
    const topics = [...new Set(sessions.flatMap((s) => s.topics.filter((t) => t.outcome === 'agreed').map((t) => t.title)))];
    const docx = await this.resolution(c);
    const buffer = await filingPacket({
      contract,
      text: version.text,
      ...(await this.sides(c)),
      scope: draft.scope,
      workerSide: c.filing.workerSide,
      employerSide: c.filing.employerSide,
      representativesChosen: c.filing.representativesChosen,
      topics,
      sessions,
      resolutionDocx: docx,
      resolutionPdf: await this.pdf(docx),
    });
    return { buffer, filename: `${contract.title}备案材料.zip` };
  }
}
