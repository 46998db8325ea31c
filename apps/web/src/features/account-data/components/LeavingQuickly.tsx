/** Explains the quick exit once, in words, where a person looks after their account. */
export function LeavingQuickly() {
  return (
    <section className="card account-data" aria-labelledby="leaving-quickly-title">
      <h2 id="leaving-quickly-title" className="card__title">
        Leaving quickly
      </h2>
      <p>
        If someone might see your screen, select <strong>Exit</strong> at the top right of any page, or press{' '}
        <kbd>Esc</kbd> three times. Kinship closes at once and a weather page opens in its place. You are logged out,
        what Kinship kept on this device is cleared, and the Back button does not bring it back. Nobody is told.
      </p>
    </section>
  );
}
