package dev.loraflow.transforms.image;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups the copies of one picture: the best image ({@link LookAlike#BEST_FIRST}) not yet in a
 * group starts one, and every later image within the distance of a group's first joins the best
 * such group. Each dropped image is thus within the distance of the image kept instead of it, not
 * merely linked to it through a chain of look-alikes.
 */
final class LookAlikes {

  /** One picture: the copy kept, and the others with their distance to it. */
  record Group(LookAlike kept, List<Copy> dropped) implements Serializable {}

  /** A copy dropped for its group's kept image, {@code distance} bits from it. */
  record Copy(LookAlike image, int distance) implements Serializable {}

  private LookAlikes() {}

  /** The groups of more than one image among {@code images}, by their kept image, best first. */
  static List<Group> within(int maxDistance, List<LookAlike> images) {
    List<LookAlike> ordered = new ArrayList<>(images);
    ordered.sort(LookAlike.BEST_FIRST);
    List<Group> groups = new ArrayList<>();
    for (LookAlike image : ordered) {
      Group joined = null;
      int distance = 0;
      for (Group group : groups) {
        distance = image.distanceTo(group.kept());
        if (distance <= maxDistance) {
          joined = group;
          break;
        }
      }
      if (joined == null) {
        groups.add(new Group(image, new ArrayList<>()));
      } else {
        joined.dropped().add(new Copy(image, distance));
      }
    }
    return groups.stream().filter(g -> !g.dropped().isEmpty()).toList();
  }
}
