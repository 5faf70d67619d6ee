package io.slipway.store.artifact;

import io.slipway.core.SlipwayException;
import io.slipway.core.artifacts.ArtifactPath;
import io.slipway.core.artifacts.FileInfo;
import java.util.Comparator;
import java.util.List;

/** What both stores do alike with the names they find in their backend. */
final class ArtifactNames {
    private ArtifactNames() {}

    /**
     * Whether an entry found in the backend can be addressed by an {@link ArtifactPath}; entries
     * put there by other tools (e.g. a name with a backslash) are left out of listings.
     */
    static boolean isAddressable(String name) {
        try {
            ArtifactPath.ROOT.child(name);
            return true;
        } catch (SlipwayException e) {
            return false;
        }
    }

    static List<FileInfo> sortedByName(List<FileInfo> entries) {
        return entries.stream().sorted(Comparator.comparing(FileInfo::path)).toList();
    }
}
