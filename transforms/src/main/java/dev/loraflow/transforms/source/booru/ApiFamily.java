package dev.loraflow.transforms.source.booru;

import okhttp3.Interceptor;

/**
 * The API dialects loraflow speaks; several sites share one. Each makes its dialect ({@link
 * BooruApi}) and the interceptor that sends an account the way its servers take it.
 */
enum ApiFamily {
  /** Danbooru 2.x: {@code /posts.json}, per-category tag strings, HTTP Basic. */
  DANBOORU {
    @Override
    BooruApi api(BooruQuery query, int index) {
      return new DanbooruApi(query, index);
    }

    @Override
    Interceptor auth(BooruCredentials credentials) {
      return new BasicAuthInterceptor(credentials);
    }
  },
  /** Gelbooru 0.2 dapi: {@code /index.php?page=dapi}, {@code api_key} + {@code user_id}. */
  GELBOORU {
    @Override
    BooruApi api(BooruQuery query, int index) {
      return new GelbooruApi(query, index);
    }

    @Override
    Interceptor auth(BooruCredentials credentials) {
      return new QueryAuthInterceptor("user_id", "api_key", credentials);
    }

    @Override
    String loginHint() {
      return "the numeric user id";
    }
  },
  /** Moebooru (yande.re, konachan): {@code /post.json}, tags without categories. */
  MOEBOORU {
    @Override
    BooruApi api(BooruQuery query, int index) {
      return new MoebooruApi(query, index);
    }

    @Override
    Interceptor auth(BooruCredentials credentials) {
      return new QueryAuthInterceptor("login", "password_hash", credentials);
    }
  },
  /** e621 / e926: the {@code posts} wrapper, tags grouped by category, HTTP Basic. */
  E621 {
    @Override
    BooruApi api(BooruQuery query, int index) {
      return new E621Api(query, index);
    }

    @Override
    Interceptor auth(BooruCredentials credentials) {
      return new BasicAuthInterceptor(credentials);
    }
  };

  /** The dialect {@code query} speaks; {@code index} is the query's place in its source. */
  abstract BooruApi api(BooruQuery query, int index);

  /** Sends {@code credentials}, which are not anonymous, with every API request. */
  abstract Interceptor auth(BooruCredentials credentials);

  /** What the login of an account is, for the error that says the site refused it. */
  String loginHint() {
    return "the user name";
  }
}
