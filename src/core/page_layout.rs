//! Where rows go in a file so that a SIGKILL never leaves half a row behind.
//!
//! Linux copies a buffered `write` into the page cache a page at a time and stops between two
//! pages when the process gets SIGKILL: the file then ends at a multiple of the page size, in
//! the middle of whatever row spans that point. plx therefore lays rows out so that no row
//! crosses a 4 KiB boundary: a row that would is moved to the next boundary, and the gap before
//! it is filled with `\n`. Polyaxon's readers (pandas, pyarrow, `read_json(lines=True)`) skip
//! empty lines, so the padding reads as nothing; a file cut at any boundary ends with whole
//! rows. Page sizes are 4 KiB or a multiple of it, so a 4 KiB layout covers them all.
//!
//! A row longer than 4 KiB crosses a boundary wherever it starts; such a row can still be cut
//! by SIGKILL, and the cut tail is removed when the run is resumed (see `repair`).

/// The unit a killed write is cut at.
pub(crate) const PAGE: u64 = 4096;

/// Appends `rows` (each starting with `\n`) to `out`, padded so that no row of at most a page
/// crosses a boundary, for rows that begin at offset `start` of the file.
pub fn lay_out(start: u64, rows: &[u8], out: &mut Vec<u8>) {
    // The input bytes [copied, ..) are not yet in `out`; `shift` is the padding so far.
    let mut copied = 0;
    let mut shift = 0u64;
    // `row` is the input index of a row start: the next boundary is checked from there.
    let mut row = 0;
    while row < rows.len() {
        let at = start + shift + row as u64;
        let room = (PAGE - at % PAGE) as usize;
        if rows.len() - row <= room {
            break;
        }
        let cut = row + room;
        if rows[cut] == b'\n' {
            row = cut;
            continue;
        }
        // The boundary falls inside the row that starts at `first` and ends at `end`.
        let first = row
            + rows[row..cut]
                .iter()
                .rposition(|b| *b == b'\n')
                .unwrap_or(0);
        let end = rows[cut..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(rows.len(), |i| cut + i);
        if (end - first) as u64 > PAGE {
            row = end;
            continue;
        }
        let pad = PAGE - (start + shift + first as u64) % PAGE;
        out.extend_from_slice(&rows[copied..first]);
        out.resize(out.len() + pad as usize, b'\n');
        shift += pad;
        copied = first;
        row = first;
    }
    out.extend_from_slice(&rows[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of the given lengths (each counting its leading `\n`), filled with `x`.
    fn rows_of(lengths: &[usize]) -> Vec<u8> {
        let mut rows = Vec::new();
        for (i, len) in lengths.iter().enumerate() {
            rows.push(b'\n');
            let fill = b'a' + (i % 26) as u8;
            rows.extend(std::iter::repeat_n(fill, len - 1));
        }
        rows
    }

    /// The rows of `bytes`, empty lines (the padding) left out.
    fn without_padding(bytes: &[u8]) -> Vec<&[u8]> {
        bytes
            .split(|b| *b == b'\n')
            .filter(|row| !row.is_empty())
            .collect()
    }

    fn laid_out(start: u64, rows: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        lay_out(start, rows, &mut out);
        out
    }

    /// Checks every property the layout promises, for a file of length `start`.
    fn check(start: u64, lengths: &[usize]) {
        let rows = rows_of(lengths);
        let out = laid_out(start, &rows);
        assert_eq!(
            without_padding(&out),
            without_padding(&rows),
            "the same rows"
        );
        assert!(out.len() >= rows.len());
        // At every boundary inside the write, the file cut there ends with whole rows: the next
        // byte starts a row or padding, unless a row longer than a page spans it.
        let mut row_start = 0;
        for (i, byte) in out.iter().enumerate() {
            if *byte == b'\n' {
                row_start = i;
            }
            let offset = start + i as u64;
            if offset.is_multiple_of(PAGE) && i > 0 && *byte != b'\n' {
                let end = out[i..]
                    .iter()
                    .position(|b| *b == b'\n')
                    .map_or(out.len(), |e| i + e);
                assert!(
                    (end - row_start) as u64 > PAGE,
                    "a row of {} bytes crosses {offset} (start {start}, {lengths:?})",
                    end - row_start
                );
            }
        }
        // Padding is only ever added before a row that fits in a page.
        if lengths.iter().all(|len| *len as u64 > PAGE) {
            assert_eq!(out, rows);
        }
    }

    #[test]
    fn rows_go_after_what_the_buffer_holds() {
        let mut out = b"step|timestamp|metric".to_vec();
        let rows = rows_of(&[40]);
        lay_out(0, &rows, &mut out);
        assert_eq!(&out[..21], b"step|timestamp|metric");
        assert_eq!(&out[21..], &rows[..]);
    }

    #[test]
    fn rows_that_fit_before_the_boundary_are_written_as_they_are() {
        let rows = rows_of(&[40, 40, 40]);
        assert_eq!(laid_out(0, &rows), rows);
        assert_eq!(laid_out(PAGE - 120, &rows), rows);
    }

    #[test]
    fn a_row_that_would_cross_starts_at_the_boundary() {
        let rows = rows_of(&[40, 40]);
        let mut expected = rows[..40].to_vec();
        expected.extend([b'\n'; 20]);
        expected.extend(&rows[40..]);
        assert_eq!(laid_out(PAGE - 60, &rows), expected);
    }

    #[test]
    fn a_row_ending_on_the_boundary_needs_no_padding() {
        let rows = rows_of(&[60, 40]);
        assert_eq!(laid_out(PAGE - 60, &rows), rows);
    }

    #[test]
    fn rows_longer_than_a_page_are_left_where_they_are() {
        check(0, &[5000]);
        check(100, &[5000, 40, 9000, 4097]);
        check(PAGE - 1, &[4097, 4097]);
    }

    #[test]
    fn rows_of_exactly_a_page_fill_whole_pages() {
        check(0, &[4096, 4096, 4096]);
        check(1, &[4096, 4096]);
        check(25, &[1, 4096, 1, 4096]);
    }

    #[test]
    fn every_mix_of_lengths_and_starts_keeps_the_promises() {
        // A small deterministic generator: the same cases every run.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |below: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % below
        };
        for _ in 0..if cfg!(miri) { 3 } else { 400 } {
            let start = next(3 * PAGE);
            let count = 1 + next(60) as usize;
            let long = next(4) == 0;
            let lengths: Vec<usize> = (0..count)
                .map(|_| 1 + next(if long { 6000 } else { 300 }) as usize)
                .collect();
            check(start, &lengths);
        }
    }
}
