import { exportFormat } from '@contract/list.js';
import { participationQuery, participationView } from '@contract/training/participation.schemas.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../../platform/auth/auth.hook.js';
import { sendExport } from '../../../platform/http/export.js';
import type { TrainingService } from '../training.service.js';

const tags = ['training'];

/** How many people took part, per topic, per module and in all, and its export. */
export function participationCountsRoutes(instance: FastifyInstance, service: TrainingService) {
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/training/participation',
    {
      schema: {
        tags,
        summary: 'People who registered, attended and completed, per topic, per module and in all',
        querystring: participationQuery,
        response: { 200: participationView },
      },
    },
    async (request) => service.participation({ actor: actorOf(request), query: request.query }),
  );

  app.get(
    '/api/training/participation/export',
    {
      schema: {
        tags,
        summary: 'Export the participation counts as XLSX or CSV',
        querystring: participationQuery.and(exportFormat),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const counts = await service.participation({ actor: actorOf(request), query: q });
      type Line = {
        level: string;
        curriculum: string | null;
        title: string;
        sessions: number | null;
      } & (typeof counts)['people'];
      const lines: Line[] = [
        ...counts.topics.map((t) => ({ level: 'Topic', curriculum: null, ...t })),
        ...counts.modules.map((m) => ({ level: 'Module', sessions: null, ...m })),
        {
          level: 'All topics (distinct people)',
          curriculum: null,
          title: '',
          sessions: null,
          ...counts.people,
        },
      ];
      return sendExport(
        reply,
        q.format,
        'training-participation',
        [
          { header: 'Level', value: (l) => l.level, width: 26 },
          { header: 'Curriculum', value: (l) => l.curriculum, width: 30 },
          { header: 'Title', value: (l) => l.title, width: 40 },
          { header: 'Sessions', value: (l) => l.sessions },
          { header: 'Registered', value: (l) => l.registered },
          { header: 'Attended', value: (l) => l.attended },
          { header: 'Completed', value: (l) => l.completed },
        ],
        (async function* () {
          yield* lines;
        })(),
      );
    },
  );
}
