package dev.lanes.cli;

import java.util.Collection;
import java.util.Optional;

/**
 * The known word a mistyped one most likely meant ({@code trian} → {@code train}, {@code --epoch} →
 * {@code --epochs}): the closest by edit distance counting a swap of two neighbouring letters as one edit
 * (optimal string alignment), if it is at most {@link #MAX_EDITS} edits away. A typo of one or two keys is
 * caught; a different word of similar length (e.g. {@code info} for {@code init}) is not offered unless it is
 * that close.
 */
final class Suggestion {

    /** The most edits a suggestion may be away from what was typed. */
    static final int MAX_EDITS = 2;

    private Suggestion() {
    }

    /** The closest of {@code known} to {@code typed}; on a tie, the first in {@code known}'s order. */
    static Optional<String> closest(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = MAX_EDITS + 1;
        for (String word : known) {
            int distance = distance(typed, word);
            if (distance < bestDistance && !word.equals(typed)) {
                best = word;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
