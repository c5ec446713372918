/**
 * The reader pages as Liquid templates. Liquid cannot run arbitrary code (it was made for shop owners editing their
 * own themes), and every `{{ }}` output is HTML-escaped (outputEscape: 'escape'); only the post and comment HTML,
 * sanitized when it was written, is printed with `| raw`.
 */
export const TEMPLATES: Record<string, string> = {
  layout: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ page.title }}</title>
<meta name="description" content="{{ page.description }}">
<link rel="canonical" href="{{ page.canonical }}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/{{ assets.stylesheet }}">
<link rel="alternate" type="application/rss+xml" title="{{ site.title }} RSS" href="{{ site.url }}/feed.xml">
<link rel="alternate" type="application/atom+xml" title="{{ site.title }} Atom" href="{{ site.url }}/atom.xml">
<link rel="alternate" type="application/feed+json" title="{{ site.title }} JSON Feed" href="{{ site.url }}/feed.json">
{%- if page.commentsFeed %}
<link rel="alternate" type="application/rss+xml" title="{{ page.heading }} comments" href="{{ page.commentsFeed }}">
{%- endif %}
<meta property="og:site_name" content="{{ site.title }}">
<meta property="og:title" content="{{ page.heading }}">
<meta property="og:description" content="{{ page.description }}">
<meta property="og:url" content="{{ page.canonical }}">
<meta property="og:type" content="{{ page.ogType }}">
{%- if page.jsonLd %}
<script type="application/ld+json">{{ page.jsonLd | raw }}</script>
{%- endif %}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site-header"><p class="site-title"><a href="/">{{ site.title }}</a></p><p class="site-description">{{ site.description }}</p></header>
<main id="main">
{% block content %}{% endblock %}
</main>
<footer class="site-footer"><p><a href="/feed.xml">RSS</a> · <a href="/atom.xml">Atom</a> · <a href="/comments/feed.xml">Comments RSS</a></p></footer>
{%- if page.widget %}
<script src="/{{ assets.widget }}" async></script>
{%- endif %}
</body>
</html>
`,

  summary: `<article class="summary">
<h2><a href="{{ post.path }}">{{ post.title }}</a></h2>
<p class="byline">{{ post.authorName }} · <time datetime="{{ post.publishedAt }}">{{ post.date }}</time></p>
<p>{{ post.excerpt }}</p>
<p class="more"><a href="{{ post.path }}">Continue reading<span class="visually-hidden"> “{{ post.title }}”</span></a> · <a href="{{ post.path }}#comments">{{ post.commentLabel }}</a></p>
</article>`,

  list: `{% layout 'layout' %}{% block content %}
<h1 class="list-title">{{ page.heading }}</h1>
{%- for post in posts %}
{% render 'summary', post: post %}
{%- else %}
<p>No posts yet.</p>
{%- endfor %}
{%- if pager.older or pager.newer %}
<nav class="pager" aria-label="More posts">{% if pager.newer %}<a href="{{ pager.newer }}" rel="prev">← Newer posts</a>{% endif %}{% if pager.older %} <a href="{{ pager.older }}" rel="next">Older posts →</a>{% endif %}</nav>
{%- endif %}
{% endblock %}`,

  comment: `<li id="comment-{{ comment.id }}" class="bc-comment{% if comment.isPostAuthor %} bc-by-author{% endif %}" data-comment-id="{{ comment.id }}">
<article>
<header class="bc-meta">
{%- if comment.avatarUrl %}<img class="bc-avatar" src="{{ comment.avatarUrl }}" alt="" width="40" height="40" loading="lazy">{% endif %}
<span class="bc-name">{% if comment.authorUrl %}<a href="{{ comment.authorUrl }}" rel="nofollow ugc noopener">{{ comment.authorName }}</a>{% else %}{{ comment.authorName }}{% endif %}</span>
{%- if comment.isPostAuthor %} <span class="bc-badge">Author</span>{% endif %}
<a class="bc-number" href="#comment-{{ comment.id }}" aria-label="Comment {{ comment.number }}">#{{ comment.number }}</a>
<time datetime="{{ comment.createdAt }}">{{ comment.date }}</time>
</header>
<div class="bc-body">{{ comment.html | raw }}</div>
{%- if open %}
<a class="bc-reply" href="#respond" data-reply-to="{{ comment.id }}" aria-label="Reply to {{ comment.authorName }}">Reply</a>
{%- endif %}
</article>
{%- if comment.replies.size > 0 %}
<ol class="bc-children">
{%- for reply in comment.replies %}
{% render 'comment', comment: reply, open: open %}
{%- endfor %}
</ol>
{%- endif %}
</li>`,

  post: `{% layout 'layout' %}{% block content %}
<article class="post">
<header>
<h1>{{ post.title }}</h1>
<p class="byline">By {{ post.authorName }} · <time datetime="{{ post.publishedAt }}">{{ post.date }}</time>
{%- if post.tags.size > 0 %} · {% for tag in post.tags %}<a href="{{ tag.path }}" rel="tag">{{ tag.name }}</a>{% unless forloop.last %}, {% endunless %}{% endfor %}{% endif %}</p>
</header>
<div class="content">{{ post.html | raw }}</div>
</article>
<section id="comments" class="bc" data-blog-comments data-post="{{ post.slug }}" data-title="{{ post.title }}" data-likes="{{ post.likeCount }}" data-open="{{ post.commentsOpen }}">
<p class="bc-likes"><button type="button" class="bc-like" aria-pressed="false" hidden>Like</button> <span class="bc-like-count" aria-live="polite">{{ post.likeLabel }}</span></p>
<h2 class="bc-title">{{ post.commentHeading }}</h2>
<p class="bc-feed"><a href="{{ post.commentsFeed }}">Subscribe to comments with RSS</a></p>
<ol class="bc-list">
{%- for comment in comments %}
{% render 'comment', comment: comment, open: post.commentsOpen %}
{%- endfor %}
</ol>
{%- if post.commentsOpen %}
<form id="respond" class="bc-form" novalidate>
<h3 class="bc-form-title">Leave a Reply</h3>
<noscript><p>Posting a comment needs JavaScript.</p></noscript>
<p class="bc-replying" hidden></p>
<p class="bc-field"><label for="bc-body">Comment</label><textarea id="bc-body" name="body" rows="6" required maxlength="10000"></textarea></p>
<p class="bc-field"><label for="bc-name">Name</label><input id="bc-name" name="authorName" autocomplete="name" maxlength="80"></p>
<p class="bc-field"><label for="bc-email">Email <span class="bc-hint">(never shown)</span></label><input id="bc-email" name="authorEmail" type="email" autocomplete="email"></p>
<p class="bc-field"><label for="bc-url">Website</label><input id="bc-url" name="authorUrl" type="url" autocomplete="url"></p>
<p class="bc-hp" aria-hidden="true"><label for="bc-website2">Leave empty</label><input id="bc-website2" name="website2" tabindex="-1" autocomplete="off"></p>
<p><button type="submit" class="bc-submit">Post Comment</button></p>
<p class="bc-status" role="status" aria-live="polite"></p>
</form>
{%- else %}
<p class="bc-closed">Comments are closed.</p>
{%- endif %}
</section>
{% endblock %}`,

  notFound: `{% layout 'layout' %}{% block content %}
<h1 class="list-title">Page not found</h1>
<p>Nothing lives at this address. Try the <a href="/">latest posts</a>.</p>
{% endblock %}`,
};
