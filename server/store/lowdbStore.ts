import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { DurableJsonFile, nodeFileSystem, type FileSystem } from './durableJsonFile';
import { emptyCatalogue, type CatalogueDoc, type EpisodeDoc, type Store } from './store';

const EPISODE_FILE = /^([A-Za-z0-9_-]+)\.json$/;

/**
 * The embedded default: one small catalogue.json and one file per episode under `episodes/`, so a
 * write rewrites one episode's few hundred kilobytes, never the whole year. Callers serialise and
 * coalesce commits per file (see GroupCommit); this class only makes each write durable.
 */
export class LowdbStore implements Store {
  readonly kind = 'lowdb';
  private catalogueDb: Low<CatalogueDoc>;
  private readonly episodeDbs = new Map<string, Low<EpisodeDoc>>();

  constructor(
    readonly dataDir: string,
    private readonly fs: FileSystem = nodeFileSystem,
  ) {
    this.catalogueDb = new Low(new DurableJsonFile<CatalogueDoc>(join(dataDir, 'catalogue.json'), fs), emptyCatalogue());
  }

  get episodesDir(): string {
    return join(this.dataDir, 'episodes');
  }

  episodePath(episodeId: string): string {
    return join(this.episodesDir, `${episodeId}.json`);
  }

  async loadCatalogue(): Promise<CatalogueDoc> {
    await this.fs.mkdir(this.episodesDir);
    await this.catalogueDb.read();
    this.catalogueDb.data = { ...emptyCatalogue(), ...this.catalogueDb.data };
    return this.catalogueDb.data;
  }

  async reloadCatalogue(): Promise<CatalogueDoc> {
    const remembered = (this.catalogueDb.adapter as DurableJsonFile<CatalogueDoc>).lastDurable();
    this.catalogueDb.data = { ...emptyCatalogue(), ...(remembered ?? {}) };
    return this.catalogueDb.data;
  }

  async loadEpisodes(): Promise<EpisodeDoc[]> {
    await this.fs.mkdir(this.episodesDir);
    const names = (await readdir(this.episodesDir)).filter((name) => EPISODE_FILE.test(name)).sort();
    const docs: EpisodeDoc[] = [];
    for (const name of names) {
      const doc = await this.readEpisodeFile(name.replace(/\.json$/, ''));
      if (doc) docs.push(doc);
    }
    return docs;
  }

  async reloadEpisode(episodeId: string): Promise<EpisodeDoc | null> {
    const known = this.episodeDbs.get(episodeId);
    const remembered = known ? (known.adapter as DurableJsonFile<EpisodeDoc>).lastDurable() : null;
    if (remembered) {
      known!.data = remembered;
      return remembered;
    }
    return this.readEpisodeFile(episodeId);
  }

  private async readEpisodeFile(episodeId: string): Promise<EpisodeDoc | null> {
    const db = new Low<EpisodeDoc | null>(new DurableJsonFile<EpisodeDoc | null>(this.episodePath(episodeId), this.fs), null);
    await db.read();
    if (!db.data) return null;
    this.episodeDbs.set(episodeId, db as Low<EpisodeDoc>);
    return db.data;
  }

  async commitEpisode(doc: EpisodeDoc): Promise<void> {
    const id = doc.state.episode.id;
    let db = this.episodeDbs.get(id);
    if (!db) {
      db = new Low(new DurableJsonFile<EpisodeDoc>(this.episodePath(id), this.fs), doc);
      this.episodeDbs.set(id, db);
    }
    db.data = doc;
    await db.write();
  }

  async commitCatalogue(doc: CatalogueDoc): Promise<void> {
    this.catalogueDb.data = doc;
    await this.catalogueDb.write();
  }

  async close(): Promise<void> {
    this.episodeDbs.clear();
  }
}
