import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnKit, createTable } from '../migration-kit.js';

/**
 * Drafts made from a session's agreed outcome (versions, workers' comments), the workers' congress that adopts one
 * (members, secret ballots under the pseudonym, the decision), and the resolution a contract is recorded with.
 */
export class Congress1764000001900 implements MigrationInterface {
  name = 'Congress1764000001900';

  async up(qr: QueryRunner): Promise<void> {
    const c = columnKit(qr);
    await createTable(
      qr,
      'contract_drafts',
      [
        c.id(),
        c.ref('invitationId'),
        c.ref('sessionId'),
        c.str('regionCode', 6),
        c.str('scope', 20),
        c.str('kind', 20),
        c.str('title', 200),
        c.json('partyOrganizationIds'),
        c.int('currentVersion'),
        c.time('publishedAt', true),
        c.int('publishedVersion', true),
        c.ref('publicationId', true),
        c.ref('createdBy'),
        c.createdAt(),
        c.updatedAt(),
      ],
      [
        { name: 'IDX_drafts_region', columnNames: ['regionCode', 'createdAt'] },
        { name: 'IDX_drafts_invitation', columnNames: ['invitationId'] },
      ],
    );
    await createTable(
      qr,
      'contract_draft_versions',
      [
        c.id(),
        c.ref('draftId'),
        c.int('version'),
        c.text('text'),
        c.text('summary'),
        c.str('note', 500, true),
        c.ref('createdBy'),
        c.createdAt(),
      ],
      [{ name: 'UQ_draft_versions', columnNames: ['draftId', 'version'], isUnique: true }],
    );
    await createTable(
      qr,
      'contract_draft_comments',
      [c.id(), c.ref('draftId'), c.int('version'), c.str('voterKey', 64), c.str('body', 500), c.time('createdAt')],
      [{ name: 'UQ_draft_comments_voter', columnNames: ['draftId', 'voterKey'], isUnique: true }],
    );
    await createTable(
      qr,
      'congresses',
      [
        c.id(),
        c.ref('draftId'),
        c.int('draftVersion'),
        c.ref('invitationId'),
        c.str('regionCode', 6),
        c.str('scope', 20),
        c.str('industry', 20, true),
        c.str('title', 100),
        c.str('electorateKind', 20),
        c.time('opensAt'),
        c.time('closesAt'),
        c.str('venue', 100, true),
        c.int('electorate'),
        c.int('attendance', false, 0),
        c.int('checkedIn', false, 0),
        c.time('closedAt', true),
        c.int('voted', true),
        c.int('approve', true),
        c.int('reject', true),
        c.int('abstain', true),
        { name: 'adopted', type: 'boolean', isNullable: true },
        c.json('rule', true),
        c.ref('contractId', true),
        c.json('filing', true),
        c.ref('createdBy'),
        c.createdAt(),
        c.updatedAt(),
      ],
      [
        { name: 'UQ_congresses_draft', columnNames: ['draftId'], isUnique: true },
        { name: 'IDX_congresses_region', columnNames: ['regionCode', 'closedAt'] },
      ],
    );
    await createTable(
      qr,
      'congress_members',
      [
        { ...c.ref('congressId'), isPrimary: true },
        { ...c.ref('userId'), isPrimary: true },
        c.bool('voted'),
        c.time('checkedInAt', true),
        c.ref('checkedInBy', true),
      ],
      [{ name: 'IDX_congress_members_user', columnNames: ['userId'] }],
    );
    await createTable(
      qr,
      'congress_ballots',
      [c.id(), c.ref('congressId'), c.str('voterKey', 64), c.str('choice', 10)],
      [{ name: 'UQ_congress_ballots_voter', columnNames: ['congressId', 'voterKey'], isUnique: true }],
    );
    await qr.addColumn('contracts', new TableColumn(c.json('resolution', true)));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('contracts', 'resolution');
    for (const t of [
      'congress_ballots',
      'congress_members',
      'congresses',
      'contract_draft_comments',
      'contract_draft_versions',
      'contract_drafts',
    ]) {
      await qr.dropTable(t);
    }
  }
}
