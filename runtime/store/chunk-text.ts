/**
 * @module The JSON of a chunk's records while it is in memory. Appended runs of records stay one string (one
 * `JSON.stringify` per run is about a third cheaper than one per record, and nothing needs splitting to write
 * the file); the text is split into one string per record only when a record must be read or replaced.
 */

/** Records' JSON in file order: either one comma-joined body or one string per record. */
export class ChunkText {
  #body: string | undefined
  #pieces: string[] | undefined

  private constructor(body: string | undefined, pieces: string[] | undefined) {
    this.#body = body
    this.#pieces = pieces
  }

  /** A chunk with no record yet. */
  static empty(): ChunkText {
    return new ChunkText(undefined, [])
  }

  /** One string per record, e.g. from records read back from a file. */
  static ofPieces(pieces: string[]): ChunkText {
    return new ChunkText(undefined, pieces)
  }

  /** Whether records are held one string each, so a run appended with {@link appendPieces} costs no split. */
  get split(): boolean {
    return this.#pieces !== undefined
  }

  /** The JSON of each record, splitting the body once (parse and stringify again: output identical to the input). */
  pieces(): string[] {
    if (!this.#pieces) {
      this.#pieces = (JSON.parse(`[${this.#body}]`) as unknown[]).map((r) => JSON.stringify(r))
      this.#body = undefined
    }
    return this.#pieces
  }

  /** Appends a run serialised as one array (`JSON.stringify(records)`). */
  appendArray(json: string): void {
    const block = json.slice(1, -1)
    if (block === '') return
    const before = this.#body ?? this.#pieces?.join(',') ?? ''
    this.#body = before === '' ? block : `${before},${block}`
    this.#pieces = undefined
  }

  /** Appends records serialised one by one. */
  appendPieces(pieces: string[]): void {
    this.pieces().push(...pieces)
  }

  /** The chunk file's content. */
  file(): string {
    return `{"records":[${this.#body ?? this.#pieces!.join(',')}]}`
  }
}
