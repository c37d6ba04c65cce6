/** Where "Watch now" lands. The real player lives in the Vividly app; this stands in for it. */
export function VideoPage({ contentId, onBack }: { contentId: string; onBack: () => void }) {
  return (
    <section className="card" aria-labelledby="video-title">
      <button type="button" className="btn btn-ghost back" onClick={onBack}>
        ← Back
      </button>
      <h1 id="video-title">Your video</h1>
      <div className="player" role="img" aria-label={`Video ${contentId}`}>
        <span className="player-play" aria-hidden="true">
          <svg viewBox="0 0 24 24" width="28" height="28">
            <path d="M8 5.5v13l10-6.5z" fill="currentColor" />
          </svg>
        </span>
      </div>
      <p className="muted">
        Content id <code>{contentId}</code>
      </p>
    </section>
  );
}
