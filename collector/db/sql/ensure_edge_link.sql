-- params: site_id — a village (edge: true) has its edge_link row before it ever reports
INSERT INTO edge_link (site_id) VALUES (%s) ON CONFLICT (site_id) DO NOTHING;
