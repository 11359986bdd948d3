/** The public read-only page of an episode: published hotspots and policy Q&A. No login. */
export default function PublicEpisodePage({ episodeId }: { episodeId: string }) {
  return <p className="page-note">PublicEpisodePage {episodeId}</p>;
}
