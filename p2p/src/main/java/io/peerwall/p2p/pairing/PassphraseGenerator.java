package io.peerwall.p2p.pairing;

import java.security.SecureRandom;
import java.util.List;

/**
 * Suggests a strong password (the camera's {@code init}/{@code passwd} when one is refused, the
 * station's audit when it offers a new password): five words drawn with {@link SecureRandom} from a
 * list of 256 short, common, easy-to-type English words (8 bits each, 40 bits in all; guessing
 * online against the camera's throttle and Argon2id is hopeless), checked with the same {@link
 * PasswordPolicy} the camera and the station's audit use. Here in p2p, next to the policy, so that
 * the camera and the station both use it (neither depends on the other).
 */
public final class PassphraseGenerator {
  private static final SecureRandom RANDOM = new SecureRandom();
  static final List<String> WORDS =
      List.of(
          ("acorn amber anchor apple april arrow aspen atlas autumn badge baker bamboo banjo barn"
                  + " basil beacon beaver berry birch biscuit blanket blossom bramble breeze brick"
                  + " bridge brook bucket buffalo bugle butter cabin cactus camel candle canoe canyon"
                  + " carbon carpet cedar cello cherry chess cider circus clover cobalt comet copper"
                  + " coral cotton cougar crane crater cricket crystal cypress daisy delta desert"
                  + " dingo dolphin donkey dragon drum eagle ebony echo eclipse elbow ember emerald"
                  + " falcon feather fennel fern fiddle fjord flannel flint forest fossil fox"
                  + " galaxy garden garnet gecko geyser ginger glacier goblet granite gravel"
                  + " hammock harbor harvest hazel hedge helmet heron hickory honey hornet husky"
                  + " igloo indigo iris island ivory jackal jasmine jelly jigsaw juniper kayak"
                  + " kernel kettle kiwi koala ladder lagoon lantern laurel lemon lentil lilac"
                  + " lizard lobster locket lotus lunar magnet mango maple marble meadow melon"
                  + " meteor mint mitten monsoon mosaic moss muffin mustard nectar nickel nutmeg"
                  + " oasis oatmeal ocean olive onyx orbit orchid osprey otter owl paddle panda"
                  + " papaya parrot pebble pelican pepper piano pickle pigeon pine pistachio planet"
                  + " plum pocket pollen pony poppy prairie pretzel puffin pumpkin quartz quill"
                  + " quilt rabbit radish raven reef ribbon river robin rocket saddle saffron"
                  + " salmon sandal sapphire satchel scarf sequoia shadow sherbet shovel silver"
                  + " sketch sled sparrow spinach spruce squirrel starling stove summit sunset"
                  + " swan tablet tango teapot thistle thunder tiger timber toffee topaz tortoise"
                  + " tulip tundra turnip umbrella valley vanilla velvet violet walnut walrus"
                  + " wander whistle willow window winter wizard wombat yarrow yeti yogurt zebra"
                  + " zenith zephyr zinnia zodiac basket bison")
              .split(" "));

  private PassphraseGenerator() {}

  /** Five random words separated by hyphens, accepted by the policy with these context words. */
  public static String suggest(List<String> contextWords) {
    while (true) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 5; i++) {
        if (i > 0) {
          b.append('-');
        }
        b.append(WORDS.get(RANDOM.nextInt(WORDS.size())));
      }
      String candidate = b.toString();
      if (PasswordPolicy.check(candidate.toCharArray(), contextWords).acceptable()) {
        return candidate;
      }
    }
  }
}
